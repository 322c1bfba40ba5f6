import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What is running: the release (package.json `version`) and, when the deploy says, its commit. */
export interface BuildInfo {
  version: string;
  commit: string | null;
}

/**
 * The service's package.json, found by walking up from this file: `src/health` under jest and
 * `dist/src/health` when built sit at different depths below it.
 */
function readPackageVersion(): string {
  for (let folder = __dirname; ; folder = dirname(folder)) {
    const candidate = join(folder, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'deal-ledger' && manifest.version) return manifest.version;
    }
    if (dirname(folder) === folder) return 'unknown';
  }
}

let version: string | undefined;

/** `commit`: SOURCE_COMMIT from the config (set by the deploy; null when it did not say). */
export function buildInfo(commit: string | undefined): BuildInfo {
  version ??= readPackageVersion();
  return { version, commit: commit ?? null };
}

/** `1.2.0, commit 3f9c2ab` or `1.2.0`: for the start-up log line. */
export function describeBuild(info: BuildInfo): string {
  return info.commit ? `${info.version}, commit ${info.commit.slice(0, 12)}` : info.version;
}
