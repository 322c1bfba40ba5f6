/**
 * Feed names, and the `STATUSPAGE_FEEDS` setting (`name=url,name=url`). Pure, and kept in config
 * so the configuration class validates the setting at boot with the rules the Statuspage poller
 * and service import from here (config imports no feature).
 */

/** Like a platform slug: lower-case letters, digits and dashes, at most 63 characters. */
export const FEED_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isFeedName(value: string): boolean {
  return FEED_NAME_PATTERN.test(value);
}

export interface PolledFeed {
  name: string;
  url: string;
}

/**
 * Parses `meta=https://metastatus.example/api/v2/incidents.json,other=https://…`: comma-separated
 * `name=url` pairs (blanks around them ignored), http(s) URLs without commas, each name once.
 */
export function parseFeedList(value: string): { feeds: PolledFeed[] } | { error: string } {
  const feeds: PolledFeed[] = [];
  for (const entry of value.split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const equals = trimmed.indexOf('=');
    if (equals < 0) return { error: `"${trimmed}" is not name=url` };
    const name = trimmed.slice(0, equals).trim();
    const url = trimmed.slice(equals + 1).trim();
    if (!isFeedName(name)) {
      return { error: `feed name "${name}" must be lower-case letters, digits and dashes` };
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: `the URL of feed ${name} is not a URL` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return { error: `the URL of feed ${name} must be http or https` };
    }
    if (feeds.some((feed) => feed.name === name)) return { error: `feed ${name} is listed twice` };
    feeds.push({ name, url });
  }
  return { feeds };
}
