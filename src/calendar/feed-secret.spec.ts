import { generateFeedSecret, isFeedSecret, secretFromFileName } from './feed-secret';

describe('feed secrets', () => {
  it('are prefixed, URL-safe and different every time', () => {
    const secrets = Array.from({ length: 50 }, generateFeedSecret);
    expect(new Set(secrets).size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^dl_cal_[A-Za-z0-9_-]{43}$/);
      expect(isFeedSecret(secret)).toBe(true);
      expect(encodeURIComponent(secret)).toBe(secret);
    }
  });

  it('are read from `<secret>.ics` only', () => {
    const secret = generateFeedSecret();
    expect(secretFromFileName(`${secret}.ics`)).toBe(secret);
    expect(secretFromFileName(secret)).toBeNull();
    expect(secretFromFileName(`${secret}.ical`)).toBeNull();
    expect(secretFromFileName(`${secret.replace('dl_cal_', 'dl_tok_')}.ics`)).toBeNull();
    expect(secretFromFileName(`${secret}x.ics`)).toBeNull();
    expect(secretFromFileName('.ics')).toBeNull();
  });
});
