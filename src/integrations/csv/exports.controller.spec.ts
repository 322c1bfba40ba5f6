import type { AddressInfo } from 'node:net';
import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AuthService } from '../../auth/auth.service';
import type { Viewer } from '../../auth/viewer';
import { DealsExportLinkService } from './deals-export-link.service';
import { DealsExportService } from './deals-export.service';
import { ExportsController } from './exports.controller';

const maya: Viewer = {
  userId: '11111111-1111-4111-8111-111111111111',
  email: 'maya@example.com',
  role: 'CREATOR',
  isAdmin: false,
  tokenId: 't',
  creatorId: 'c',
  brandIds: [],
};

/** Stands in for the global AuthGuard: `Bearer good` is Maya. */
@Injectable()
class StubGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string>; viewer?: Viewer }>();
    if (request.headers.authorization === 'Bearer good') request.viewer = maya;
    return true;
  }
}

// The route must not depend on Express: the same requests, the same answers, on both adapters.
describe.each([
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
])('GET /exports/deals.csv on %s', (_name, adapter) => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ExportsController],
      providers: [
        { provide: APP_GUARD, useClass: StubGuard },
        {
          provide: DealsExportService,
          useValue: {
            exportCsv: (viewer: Viewer) => Promise.resolve(`deal_ref\r\n${viewer.email}\r\n`),
          },
        },
        {
          provide: DealsExportLinkService,
          useValue: {
            verify: (query: Record<string, unknown>) =>
              Promise.resolve(
                query.sig === 'ok'
                  ? { valid: true, userId: maya.userId }
                  : { valid: false, reason: query.sig ? 'TAMPERED' : 'MISSING' },
              ),
          },
        },
        { provide: AuthService, useValue: { viewerForUser: () => Promise.resolve(maya) } },
      ],
    }).compile();
    app = moduleRef.createNestApplication(adapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers a bearer token with the CSV and its headers', async () => {
    const response = await fetch(`${base}/exports/deals.csv`, {
      headers: { authorization: 'Bearer good' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="deal-ledger-deals.csv"',
    );
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.text()).toBe('deal_ref\r\nmaya@example.com\r\n');
  });

  it('answers a signed link, and refuses a bad or missing one with a JSON 401', async () => {
    const linked = await fetch(`${base}/exports/deals.csv?u=x&exp=1&sig=ok`);
    expect(linked.status).toBe(200);
    expect(await linked.text()).toContain('maya@example.com');

    const tampered = await fetch(`${base}/exports/deals.csv?u=x&exp=1&sig=bad`);
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get('www-authenticate')).toBe('Bearer');
    expect(tampered.headers.get('content-type')).toContain('application/json');
    expect(tampered.headers.get('content-disposition')).toBeNull();
    expect(await tampered.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'This export link is not valid' },
    });

    const missing = await fetch(`${base}/exports/deals.csv`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /dealsExportLink/,
    );
  });
});
