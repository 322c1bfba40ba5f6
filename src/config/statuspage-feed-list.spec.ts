import 'reflect-metadata';
import { ConfigValidationError, loadAppConfig } from './app-config';
import { parseFeedList } from './statuspage-feed-list';

describe('parseFeedList (STATUSPAGE_FEEDS)', () => {
  it('reads comma-separated name=url pairs, ignoring blanks', () => {
    expect(
      parseFeedList(
        ' meta=https://metastatus.example/api/v2/incidents.json , ,other=http://127.0.0.1:8080/summary.json',
      ),
    ).toEqual({
      feeds: [
        { name: 'meta', url: 'https://metastatus.example/api/v2/incidents.json' },
        { name: 'other', url: 'http://127.0.0.1:8080/summary.json' },
      ],
    });
    expect(parseFeedList('')).toEqual({ feeds: [] });
  });

  it.each([
    ['meta', /not name=url/],
    ['Meta=https://x.example/a.json', /lower-case/],
    ['meta=not a url', /not a URL/],
    ['meta=ftp://x.example/a.json', /http or https/],
    ['meta=https://a.example/x,meta=https://b.example/y', /listed twice/],
  ])('refuses %j', (value, message) => {
    const result = parseFeedList(value);
    expect('error' in result && result.error).toMatch(message);
  });

  it('is checked when the configuration loads, with the reason', () => {
    expect(
      loadAppConfig({ STATUSPAGE_FEEDS: 'meta=https://a.example/x.json' }).STATUSPAGE_FEEDS,
    ).toBe('meta=https://a.example/x.json');
    expect(() =>
      loadAppConfig({ STATUSPAGE_FEEDS: 'meta=https://a.example/x,meta=https://b.example/y' }),
    ).toThrow(ConfigValidationError);
    expect(() => loadAppConfig({ STATUSPAGE_FEEDS: 'meta' })).toThrow(
      /STATUSPAGE_FEEDS must be comma-separated name=url pairs: "meta" is not name=url/,
    );
    expect(() => loadAppConfig({ STATUSPAGE_PARTIAL_DEGRADATION_BPS: '10000' })).toThrow(
      /STATUSPAGE_PARTIAL_DEGRADATION_BPS/,
    );
    const defaults = loadAppConfig({});
    expect(defaults.STATUSPAGE_POLL_SECONDS).toBe(300);
    expect(defaults.STATUSPAGE_PARTIAL_DEGRADATION_BPS).toBe(5000);
  });
});
