import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Which Chromium the browser checks use. By default the one inside the npm package
 * `@sparticuz/chromium` (installed by `npm ci` with everything else, so `npm test` needs no
 * system package). Setting `CHROMIUM_PATH` to another browser's executable (for example the one
 * from Debian's `chromium` package) is an option, never a requirement.
 */
export interface ChromiumChoice {
  /** What the test reports it used, e.g. "@sparticuz/chromium 153.0.0 (packaged)". */
  readonly label: string;
  /** Resolves the executable; the packaged browser is unpacked to the temp folder on first use. */
  executablePath(): string;
  /** Environment for the browser process (the packaged one brings its own fonts). */
  readonly env: Record<string, string>;
}

function packagedVersion(): string {
  const manifest = join(process.cwd(), 'node_modules', '@sparticuz', 'chromium', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function chooseChromium(): ChromiumChoice {
  const systemPath = process.env.CHROMIUM_PATH;
  if (systemPath) {
    return { label: `system Chromium at ${systemPath}`, executablePath: () => systemPath, env: {} };
  }
  const fonts = join(tmpdir(), 'fonts');
  return {
    label: `@sparticuz/chromium ${packagedVersion()} (packaged)`,
    // The package is ESM and unpacks itself asynchronously: ask a plain Node process, outside
    // jest's module sandbox, for the path.
    executablePath: () =>
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const { default: c } = await import('@sparticuz/chromium'); process.stdout.write(await c.executablePath());",
        ],
        { encoding: 'utf8' },
      ).trim(),
    env: existsSync(join(fonts, 'fonts.conf')) ? { FONTCONFIG_PATH: fonts } : {},
  };
}

/** Launches the chosen Chromium headless and says on stdout which one (and its version) ran. */
export async function launchChromium(choice: ChromiumChoice): Promise<Browser> {
  const executablePath = choice.executablePath();
  const browser = await chromium.launch({
    executablePath,
    env: { ...process.env, ...choice.env },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  process.stdout.write(
    `HTML report checked in ${choice.label}: Chromium ${browser.version()} (${executablePath})\n`,
  );
  return browser;
}
