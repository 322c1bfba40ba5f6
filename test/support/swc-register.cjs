// `node -r ./test/support/swc-register.cjs src/main.ts`: runs the TypeScript sources without a
// build, compiled on load by @swc/core with the same options jest uses (jest.config.js), so a
// spawned service runs exactly the code under test. Only our own .ts files are compiled; Nest 12's
// ESM packages are loaded by Node itself (require(esm), Node >= 20.19), as they are in dist/.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  if (filename.includes(`${require('node:path').sep}node_modules${require('node:path').sep}`)) {
    throw new Error(`swc-register: refusing to compile ${filename} from node_modules`);
  }
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...OPTIONS, filename });
  module._compile(code, filename);
};

// Stack traces point at the .ts lines.
process.setSourceMapsEnabled(true);
