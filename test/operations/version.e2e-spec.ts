import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, loadAppConfig } from '../../src/config/app-config';
import { TestApp } from '../support/test-app';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));

describe('the running version (GET /health/version)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("answers package.json's version without a token, and no commit when the deploy gave none", async () => {
    t = await TestApp.start();
    const response = await t.http().get('/health/version');
    expect(response.status).toBe(200);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(response.body).toEqual({ version: manifest.version, commit: null });
  });

  it('names the commit from SOURCE_COMMIT', async () => {
    t = await TestApp.start({ SOURCE_COMMIT: 'e91eb9afcab8c490c20c03b4bf1b44a234d7ded7' });
    const response = await t.http().get('/health/version').set('authorization', 'Bearer nonsense');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      version: manifest.version,
      commit: 'e91eb9afcab8c490c20c03b4bf1b44a234d7ded7',
    });
  });

  it('refuses a SOURCE_COMMIT that is not a commit hash', () => {
    expect(() => loadAppConfig({ SOURCE_COMMIT: 'main; rm -rf /' })).toThrow(ConfigValidationError);
    expect(() => loadAppConfig({ SOURCE_COMMIT: 'main; rm -rf /' })).toThrow(/SOURCE_COMMIT/);
  });
});
