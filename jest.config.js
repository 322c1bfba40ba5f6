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

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
