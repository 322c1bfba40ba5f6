import type { LookupAddress } from 'node:dns';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import tls from 'node:tls';
import {
  pinnedAgent,
  pinnedLookup,
  postPinned,
  resolveDestination,
  type HostResolver,
  type PostOptions,
} from './webhook-transport';

/** A resolver that answers `first` once, then `later` (a rebinding DNS server), counting calls. */
function rebindingResolver(first: LookupAddress[], later: LookupAddress[]) {
  const calls: string[] = [];
  const resolver: HostResolver = async (hostname) => {
    calls.push(hostname);
    return calls.length === 1 ? first : later;
  };
  return { resolver, calls };
}

const LOOPBACK: LookupAddress[] = [{ address: '127.0.0.1', family: 4 }];
// TEST-NET-1: nothing answers there, and it is not loopback.
const ELSEWHERE: LookupAddress[] = [{ address: '192.0.2.1', family: 4 }];

function options(resolver: HostResolver, checkAddresses: boolean): PostOptions {
  return {
    headers: { 'content-type': 'application/json' },
    body: '{"ok":true}',
    timeoutMs: 2000,
    resolver,
    checkAddresses,
  };
}

describe('webhook transport: the connection goes to the address that was checked', () => {
  let server: Server;
  let port: number;
  const received: Array<{ headers: IncomingHttpHeaders; body: string; peer: string }> = [];

  beforeAll(async () => {
    server = createHttpServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({
          headers: request.headers,
          body,
          peer: request.socket.localAddress ?? '',
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
  });

  it('resolves once and connects to that address, whatever a second lookup would answer', async () => {
    const { resolver, calls } = rebindingResolver(LOOPBACK, ELSEWHERE);
    // `hooks.rebind.test` is in no DNS: only the pinned lookup can take the request anywhere.
    const outcome = await postPinned(`http://hooks.rebind.test:${port}/deal-ledger?x=1`, {
      ...options(resolver, false),
    });
    expect('response' in outcome && outcome.response.status).toBe(204);
    expect(calls).toEqual(['hooks.rebind.test']);
    expect(received).toHaveLength(1);
    // The Host header is the URL's host, not the address connected to.
    expect(received[0].headers.host).toBe(`hooks.rebind.test:${port}`);
    expect(received[0].body).toBe('{"ok":true}');
    expect(received[0].peer).toBe('127.0.0.1');
  });

  it('pins every connection of the agent, including the ones Node asks all addresses for', async () => {
    const agent = pinnedAgent(LOOPBACK, 1000);
    try {
      // Two requests through one agent: a second connection would do a second lookup.
      for (const path of ['/one', '/two']) {
        const { statusCode, body } = await agent.request({
          origin: `http://rebound.example.test:${port}`,
          path,
          method: 'POST',
          body: 'x',
          reset: true, // a new connection per request
        });
        await body.dump();
        expect(statusCode).toBe(204);
      }
    } finally {
      await agent.destroy();
    }
    expect(received.map((request) => request.headers.host)).toEqual([
      `rebound.example.test:${port}`,
      `rebound.example.test:${port}`,
    ]);
  });

  it('answers the pinned addresses to a socket lookup, one or all, for any host name', () => {
    const both: LookupAddress[] = [
      { address: '2606:4700:4700::1111', family: 6 },
      { address: '1.1.1.1', family: 4 },
    ];
    const lookup = pinnedLookup(both);
    const answers: unknown[][] = [];
    lookup('anything.example', { all: true }, (...answer) => answers.push(answer));
    lookup('anything.example', { family: 0 }, (...answer) => answers.push(answer));
    expect(answers).toEqual([
      [null, both],
      [null, '2606:4700:4700::1111', 6],
    ]);
  });

  it('in production, refuses before connecting when any resolved address is not public', async () => {
    for (const addresses of [
      LOOPBACK,
      [
        { address: '8.8.8.8', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
      [{ address: '::ffff:169.254.169.254', family: 6 }],
      [{ address: 'fd00::1', family: 6 }],
    ]) {
      const { resolver } = rebindingResolver(addresses, LOOPBACK);
      const outcome = await postPinned(
        `http://hooks.rebind.test:${port}/`,
        options(resolver, true),
      );
      expect(outcome).toEqual({
        refused: expect.stringMatching(
          /^Refused: hooks\.rebind\.test resolves to a loopback or private address/,
        ),
      });
    }
    // An address literal is checked as it is, without a lookup.
    const { resolver, calls } = rebindingResolver(ELSEWHERE, ELSEWHERE);
    expect(await postPinned(`http://127.0.0.1:${port}/`, options(resolver, true))).toEqual({
      refused: expect.stringContaining('(loopback)'),
    });
    expect(calls).toEqual([]);
    expect(received).toEqual([]);
  });

  it('checks the addresses it will connect to, and keeps them all', async () => {
    const both: LookupAddress[] = [
      { address: '2606:4700:4700::1111', family: 6 },
      { address: '1.1.1.1', family: 4 },
    ];
    const { resolver } = rebindingResolver(both, LOOPBACK);
    expect(await resolveDestination(new URL('https://hooks.example.com/'), resolver, true)).toEqual(
      { ok: true, addresses: both },
    );
    const none: HostResolver = async () => [];
    expect(await resolveDestination(new URL('https://hooks.example.com/'), none, false)).toEqual({
      ok: false,
      message: 'hooks.example.com has no address',
    });
  });

  it('keeps the URL host as the TLS server name (SNI) while connecting to the pinned address', async () => {
    // A TCP server that accepts and hangs up: enough to see where the TLS connection went.
    const peers: string[] = [];
    const tcp = createTcpServer((socket) => {
      peers.push(socket.localAddress ?? '');
      socket.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tcp.address() as AddressInfo).port;
    const connect = jest.spyOn(tls, 'connect');
    try {
      const { resolver, calls } = rebindingResolver(LOOPBACK, ELSEWHERE);
      await expect(
        postPinned(`https://hooks.rebind.test:${tlsPort}/`, options(resolver, false)),
      ).rejects.toThrow();
      expect(calls).toEqual(['hooks.rebind.test']);
      expect(connect).toHaveBeenCalled();
      const tlsOptions = connect.mock.calls[0][0] as tls.ConnectionOptions;
      expect(tlsOptions.servername).toBe('hooks.rebind.test');
      expect(tlsOptions.host).toBe('hooks.rebind.test');
      expect(peers).toEqual(['127.0.0.1']);
    } finally {
      connect.mockRestore();
      await new Promise((resolve) => tcp.close(resolve));
    }
  });
});
