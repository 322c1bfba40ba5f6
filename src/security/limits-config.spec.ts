import 'reflect-metadata';
import { ConfigValidationError, loadAppConfig } from '../config/app-config';

describe('abuse-limit settings', () => {
  it('has defaults that leave ordinary use alone', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      GRAPHQL_MAX_DEPTH: 10,
      GRAPHQL_MAX_ALIASES: 30,
      GRAPHQL_MAX_TOKENS: 2000,
      GRAPHQL_MAX_COST: 15_000,
      REQUEST_BODY_LIMIT: '1mb',
      RATE_LIMIT_COST_PER_MINUTE: 300_000,
      RATE_LIMIT_COST_PER_MINUTE_PER_IP: 1_000_000,
      RATE_LIMIT_KEY_PREFIX: 'deal-ledger:limits:',
      SIGN_IN_MAX_FAILURES_PER_EMAIL: 10,
      SIGN_IN_MAX_FAILURES_PER_IP: 100,
      SIGN_IN_LOCKOUT_MINUTES: 15,
      SIGN_IN_DELAY_MS: 250,
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.trustProxy).toBe(false);
  });

  it('reads overrides, REDIS_URL included', () => {
    const config = loadAppConfig({
      GRAPHQL_MAX_COST: '500',
      REQUEST_BODY_LIMIT: '256kb',
      REDIS_URL: 'redis://cache:6379/2',
    });
    expect(config.GRAPHQL_MAX_COST).toBe(500);
    expect(config.REQUEST_BODY_LIMIT).toBe('256kb');
    expect(config.REDIS_URL).toBe('redis://cache:6379/2');
  });

  it.each([
    ['false', false],
    ['true', true],
    ['1', 1],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, fd00::/8', '10.0.0.0/8, fd00::/8'],
  ])('takes TRUST_PROXY=%j as %j', (value, expected) => {
    expect(loadAppConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['GRAPHQL_MAX_DEPTH', '0'],
    ['GRAPHQL_MAX_COST', 'lots'],
    ['REQUEST_BODY_LIMIT', '1gb'],
    ['REDIS_URL', 'http://cache:6379'],
    ['TRUST_PROXY', 'everyone!'],
    ['RATE_LIMIT_KEY_PREFIX', 'has spaces'],
    ['SIGN_IN_DELAY_MS', '60000'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(() => loadAppConfig({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadAppConfig({ [name]: value })).toThrow(name);
  });
});
