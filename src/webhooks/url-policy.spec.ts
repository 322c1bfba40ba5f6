import { checkWebhookUrl, isPrivateAddress } from './url-policy';

describe('webhook URL policy', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    'ff02::1',
    'not-an-address',
  ])('%s is private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('accepts public http(s) URLs', () => {
    const verdict = checkWebhookUrl('https://hooks.example.com/deal-ledger?x=1', false);
    expect(verdict.ok && verdict.url.toString()).toBe('https://hooks.example.com/deal-ledger?x=1');
  });

  it.each([
    ['ftp://example.com/hook', 'URL_SCHEME'],
    ['javascript:alert(1)', 'URL_SCHEME'],
    ['/relative', 'URL_INVALID'],
    ['https://user:pw@example.com/', 'URL_CREDENTIALS'],
    ['http://127.0.0.1:8080/', 'URL_PRIVATE_ADDRESS'],
    ['http://[::1]/', 'URL_PRIVATE_ADDRESS'],
    ['http://localhost/', 'URL_PRIVATE_ADDRESS'],
    ['http://metadata.internal/', 'URL_PRIVATE_ADDRESS'],
    ['http://169.254.169.254/latest/meta-data', 'URL_PRIVATE_ADDRESS'],
    [`https://example.com/${'a'.repeat(2000)}`, 'URL_TOO_LONG'],
  ])('refuses %s (%s)', (url, reason) => {
    const verdict = checkWebhookUrl(url, false);
    expect(verdict.ok ? null : verdict.reason).toBe(reason);
  });

  it('allows loopback when private addresses are allowed (development, tests)', () => {
    expect(checkWebhookUrl('http://127.0.0.1:8080/', true).ok).toBe(true);
    expect(checkWebhookUrl('ftp://127.0.0.1/', true).ok).toBe(false);
  });
});
