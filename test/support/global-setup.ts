import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '@jest/types';
import { ensureEmbeddedImage } from '../../src/database/embedded-image';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');

/** The newest modification time of the `.ts` files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) {
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Some specs run the built service in a child process (start-up, signals, a killed process), so
 * `npm ci && npm test` on a fresh clone must not depend on an earlier `npm run build`: build when
 * `dist/` is missing or older than the sources. CI builds first, so this does nothing there.
 */
function buildWhenStale(): void {
  // For a quick run of specs that spawn no process while src/ is mid-edit and does not build.
  if (process.env.TEST_SKIP_BUILD === '1') return;
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  const newest = Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'migrations')));
  if (built >= newest) return;
  process.stdout.write(
    `\n${built ? 'dist/ is older than src/' : 'dist/ is missing'}: running npm run build first\n`,
  );
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Whether this run may include e2e specs: not when only the unit project is selected
 * (`--selectProjects unit`, `npm run test:unit`) or every path pattern names unit specs under src/.
 */
function mayRunE2e(globalConfig: Config.GlobalConfig): boolean {
  const select = process.argv.indexOf('--selectProjects');
  if (select !== -1) {
    const after = process.argv.slice(select + 1);
    const end = after.findIndex((arg) => arg.startsWith('-'));
    if (!after.slice(0, end === -1 ? undefined : end).includes('e2e')) return false;
  }
  const patterns = globalConfig.testPathPatterns.patterns;
  return !(patterns.length > 0 && patterns.every((pattern) => /^(\.\/)?src\//.test(pattern)));
}

/**
 * Once per jest run: the build for the spawned-process specs (when e2e specs may run), and the
 * embedded engine's initialised image (src/database/embedded-template.ts), so each suite's fresh
 * in-memory database starts migrated in about 1 s instead of ~5 s.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  if (mayRunE2e(globalConfig)) buildWhenStale();
  await ensureEmbeddedImage();
}
