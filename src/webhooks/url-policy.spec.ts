import { addressRefusal, checkWebhookUrl, isPrivateAddress } from './url-policy';

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

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'], // cloud metadata
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'], // TEST-NET-1
    ['198.18.0.1', 'reserved'], // benchmarking
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'], // documentation
    ['100::1', 'discard'],
    ['fec0::1', 'deprecatedSiteLocal'],
    // IPv6 forms that carry an IPv4 address are judged by it …
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
    ['::ffff:0:10.0.0.1', 'private'], // IPv4-translated (RFC 6145)
    ['64:ff9b::10.0.0.1', 'private'], // NAT64 well-known prefix
    // … or refused outright: tunnels and deprecated forms a delivery cannot vouch for.
    ['64:ff9b:1::a00:1', 'rfc6052Local'],
    ['2002:7f00:1::1', '6to4'],
    ['2002:808:808::1', '6to4'],
    ['2001:0:4136:e378::1', 'teredo'],
    ['::127.0.0.1', 'ipv4Compatible'], // ipaddr.js alone would read this as ::ffff:127.0.0.1
    ['::8.8.8.8', 'ipv4Compatible'],
    // Not plain addresses: the shorthand IPv4 forms some parsers accept are refused.
    ['127.1', 'notAnAddress'],
    ['0x7f.0.0.1', 'notAnAddress'],
    ['2130706433', 'notAnAddress'],
    ['example.com', 'notAnAddress'],
  ])('%s is refused as %s', (address, range) => {
    expect(addressRefusal(address)).toBe(range);
  });

  it.each([
    '8.8.8.8',
    '93.184.215.14',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82b::200e',
    '::ffff:8.8.8.8',
    '::ffff:0:8.8.8.8',
    '64:ff9b::8.8.8.8', // a public IPv4 receiver reached through NAT64
  ])('%s is allowed', (address) => {
    expect(addressRefusal(address)).toBeNull();
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
    ['http://[::ffff:169.254.169.254]/', 'URL_PRIVATE_ADDRESS'],
    ['http://0x7f000001/', 'URL_PRIVATE_ADDRESS'], // the URL parser reads it as 127.0.0.1
    ['http://[fd00::1]:8443/', 'URL_PRIVATE_ADDRESS'],
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
