// Nest 12 ships ESM only; @swc/jest turns both our TypeScript and those packages into CommonJS.
const swcTypeScript = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const swcJavaScript = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];

const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': swcTypeScript,
    '^.+\\.m?js$': swcJavaScript,
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

/**
 * How many test files run at once. Each e2e file boots its own app on a database of its own (a
 * fresh in-memory engine, or a new database on the DATABASE_URL server) and takes its ports,
 * temporary folders and Redis key prefixes fresh, so files run side by side in worker processes.
 * JEST_WORKERS=1 runs them one after another in this process; `--maxWorkers` still wins.
 */
function workers() {
  const chosen = process.env.JEST_WORKERS ?? '2';
  if (/^[1-9]\d*$/.test(chosen)) return Number(chosen);
  if (/^[1-9]\d*%$/.test(chosen)) return chosen;
  throw new Error(`JEST_WORKERS must be a count or a percentage of the cores, not "${chosen}"`);
}

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: workers(),
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
