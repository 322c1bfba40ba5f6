// @ts-check
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Build output, local data and generated files are never linted (node_modules is by default).
  globalIgnores(['dist/', 'bench/dist/', 'data/', 'coverage/', 'test-artifacts/', 'schema.gql']),

  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,

  {
    languageOptions: {
      parserOptions: {
        // The project service finds tsconfig.json for every file, so type-aware rules also see
        // experimentalDecorators + emitDecoratorMetadata (consistent-type-imports relies on that).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // A promise nobody awaits is a lost error; `void promise` is the explicit opt-out.
      '@typescript-eslint/no-floating-promises': 'error',
      // Every enum/union switch must handle every member (or have a deliberate `default`).
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // NestJS DI reads constructor parameter types through emitDecoratorMetadata: a class that
      // appears in a decorated signature must stay a *value* import, or the emitted metadata
      // becomes `Object` and injection fails at runtime. typescript-eslint 8 knows this: with
      // experimentalDecorators + emitDecoratorMetadata in tsconfig (read via projectService), the
      // rule reports nothing in any file that contains a decorator, so neither the report nor the
      // autofix can break DI. Verified by running `eslint --fix` on a copy of the tree, then
      // `tsc --noEmit`, `nest build` and the e2e tests. It therefore only acts on undecorated
      // files (engine, helpers, specs). Do not add a hand-written `import type` for a class used in
      // a decorated constructor parameter or property: nothing catches that except the tests.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        {
          prefer: 'type-imports',
          fixStyle: 'inline-type-imports',
          disallowTypeAnnotations: false,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest resolvers, guards and lifecycle hooks are often `async` to satisfy an interface
      // (Promise return type) without awaiting anything; the rule is noise there.
      '@typescript-eslint/require-await': 'off',
      // `DataSource.query()` and `QueryRunner.query()` return `any` by design (raw SQL rows).
      // Annotating the result (`const rows: Row[] = await ds.query(...)`) is the project's way to
      // type them, which no-unsafe-assignment would still flag, so these stay warnings: visible in
      // the editor, not blocking CI.
      '@typescript-eslint/no-unsafe-assignment': 'warn',
      '@typescript-eslint/no-unsafe-member-access': 'warn',
      '@typescript-eslint/no-unsafe-return': 'warn',
      '@typescript-eslint/no-unsafe-argument': 'warn',
      '@typescript-eslint/no-unsafe-call': 'warn',
    },
  },

  {
    // Specs and e2e helpers read untyped JSON (supertest bodies, GraphQL responses) all day and
    // pass jest matchers around as values.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `expect(service.method).toHaveBeenCalled()` passes a method without calling it.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    // Plain JavaScript config files (jest.config.js, this file): no type information, Node globals.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { ...globals.node },
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
