import { chooseRequestId, isSaneRequestId } from './request-id';

const generate = () => 'generated';

describe('chooseRequestId', () => {
  it('takes the id a trusted proxy sent', () => {
    expect(chooseRequestId('3f1c9a2e-proxy-7', true, generate)).toBe('3f1c9a2e-proxy-7');
  });

  it('ignores an id sent by anyone else, however sane', () => {
    expect(chooseRequestId('3f1c9a2e-proxy-7', false, generate)).toBe('generated');
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['a space', 'abc def'],
    ['an e-mail address', 'someone@example.org'],
    ['a line break', 'abc\ninjected'],
    ['a leading dash', '-abc'],
    ['quotes', 'abc"def'],
  ])('generates one when the proxy sent %s', (_case, header) => {
    expect(chooseRequestId(header, true, generate)).toBe('generated');
  });

  it('generates one when the header came twice (an array) or not at all', () => {
    expect(chooseRequestId(['a', 'b'], true, generate)).toBe('generated');
    expect(chooseRequestId(undefined, true, generate)).toBe('generated');
  });

  it('generates UUIDs by default', () => {
    expect(chooseRequestId(undefined, false)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('accepts up to 128 characters of letters, digits and . _ : -', () => {
    expect(isSaneRequestId('a'.repeat(128))).toBe(true);
    expect(isSaneRequestId('Root=1-abc')).toBe(false);
    expect(isSaneRequestId('trace:00f0.span_1-x')).toBe(true);
  });
});
