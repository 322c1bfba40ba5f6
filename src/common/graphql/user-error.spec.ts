import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { amountErrorReason } from '../errors/common.errors';
import {
  INVALID_INPUT,
  isUserErrorCode,
  registerUserErrorCodes,
  UserErrorCode,
  userErrorCodeDescription,
} from './user-error';

const SRC = join(__dirname, '..', '..');

describe('registerUserErrorCodes', () => {
  it('adds each value with its description', () => {
    enum SpecReason {
      SPEC_ONE = 'SPEC_ONE',
      SPEC_TWO = 'SPEC_TWO',
    }
    registerUserErrorCodes(SpecReason, {
      SPEC_ONE: 'The first spec reason',
      SPEC_TWO: 'The second spec reason',
    });
    expect(isUserErrorCode('SPEC_ONE')).toBe(true);
    expect(UserErrorCode.SPEC_TWO).toBe('SPEC_TWO');
    expect(userErrorCodeDescription('SPEC_TWO')).toBe('The second spec reason');
  });

  it('leaves out the values described elsewhere', () => {
    enum SpecReason {
      SPEC_OWN = 'SPEC_OWN',
      SPEC_MISSING = 'SPEC_MISSING_NOT_FOUND',
    }
    registerUserErrorCodes(SpecReason, { SPEC_OWN: 'A reason of its own' }, [
      SpecReason.SPEC_MISSING,
    ]);
    expect(isUserErrorCode('SPEC_OWN')).toBe(true);
    expect(isUserErrorCode('SPEC_MISSING_NOT_FOUND')).toBe(false);
  });

  it('takes a value again with the same description, and refuses another description', () => {
    registerUserErrorCodes({ SPEC_SHARED: 'SPEC_SHARED' }, { SPEC_SHARED: 'A shared spec reason' });
    expect(() =>
      registerUserErrorCodes(
        { SPEC_SHARED: 'SPEC_SHARED' },
        { SPEC_SHARED: 'A shared spec reason' },
      ),
    ).not.toThrow();
    expect(() =>
      registerUserErrorCodes({ SPEC_SHARED: 'SPEC_SHARED' }, { SPEC_SHARED: 'Something else' }),
    ).toThrow(/registered twice/);
    expect(userErrorCodeDescription('SPEC_SHARED')).toBe('A shared spec reason');
  });

  it('refuses a missing or blank description', () => {
    const missing = {} as { SPEC_UNDESCRIBED: string };
    expect(() => registerUserErrorCodes({ SPEC_UNDESCRIBED: 'SPEC_UNDESCRIBED' }, missing)).toThrow(
      /needs a description/,
    );
    expect(() => registerUserErrorCodes({ SPEC_BLANK: 'SPEC_BLANK' }, { SPEC_BLANK: ' ' })).toThrow(
      /needs a description/,
    );
    expect(isUserErrorCode('SPEC_UNDESCRIBED')).toBe(false);
  });

  it('refuses values that are not UPPER_SNAKE_CASE, prototype keys among them', () => {
    for (const value of ['__proto__', 'constructor', 'lower_case', 'TRAILING_', '', '1ST']) {
      expect(() => registerUserErrorCodes({ value }, { [value]: 'A description' })).toThrow(
        /UPPER_SNAKE_CASE/,
      );
    }
    expect(Object.getPrototypeOf(UserErrorCode)).toBeNull();
  });
});

describe('isUserErrorCode', () => {
  it('knows the built-in codes', () => {
    expect(isUserErrorCode(INVALID_INPUT)).toBe(true);
    expect(isUserErrorCode('VALIDATION_FAILED')).toBe(true);
  });

  it('finds no prototype key and nothing but strings', () => {
    for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(isUserErrorCode(key)).toBe(false);
    }
    for (const value of [undefined, null, 1, {}, ['INVALID_INPUT']]) {
      expect(isUserErrorCode(value)).toBe(false);
    }
  });
});

describe('amountErrorReason', () => {
  it('keeps the reasons parseMoneyInput gave: AMOUNT_ before the problem, UNKNOWN_CURRENCY as is', () => {
    expect(amountErrorReason('FORMAT')).toBe('AMOUNT_FORMAT');
    expect(amountErrorReason('NEGATIVE')).toBe('AMOUNT_NEGATIVE');
    expect(amountErrorReason('PRECISION')).toBe('AMOUNT_PRECISION');
    expect(amountErrorReason('TOO_LARGE')).toBe('AMOUNT_TOO_LARGE');
    expect(amountErrorReason('UNKNOWN_CURRENCY')).toBe('UNKNOWN_CURRENCY');
  });
});

/*
 * Every reason the source can give a refusal of the input must be registered. Read from the
 * source with the TypeScript parser (syntax only): the reasons passed to badInput and conflict,
 * to AppError (or an AppError subclass's super) with BAD_USER_INPUT or CONFLICT, and in error
 * extensions with those codes; and every value of every `*ErrorReason` enum.
 */

/** Reasons of `*ErrorReason` enums that never come with BAD_USER_INPUT or CONFLICT. */
const NOT_INPUT_REFUSALS = new Set([
  'BAD_CREDENTIALS', // UNAUTHENTICATED
  'ADMIN_ONLY', // FORBIDDEN
  'NO_BRAND', // FORBIDDEN
  'PLATFORM_DEPENDENCY_NOT_FOUND', // NOT_FOUND
]);

// Not a type guard: a reason that is not registered stays a string.
const registered = (value: string): boolean => isUserErrorCode(value);

const INPUT_CODES = new Set([
  'ErrorCode.BAD_USER_INPUT',
  'ErrorCode.CONFLICT',
  "'BAD_USER_INPUT'",
  "'CONFLICT'",
]);

interface SourceFile {
  path: string;
  text: string;
  ast: ts.SourceFile;
}

function runtimeSources(): SourceFile[] {
  return readdirSync(SRC, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .filter((entry) => !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.fixtures.ts'))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const text = readFileSync(path, 'utf8');
      return { path, text, ast: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true) };
    });
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** Enums (name → member → initializer) and top-level constants (name → initializer) of src. */
function declarations(sources: SourceFile[]) {
  const enums = new Map<string, Map<string, ts.Expression | undefined>>();
  const constants = new Map<string, ts.Expression[]>();
  for (const { ast } of sources) {
    for (const statement of ast.statements) {
      if (ts.isEnumDeclaration(statement)) {
        const members = new Map<string, ts.Expression | undefined>();
        for (const member of statement.members) {
          members.set(member.name.getText(), member.initializer);
        }
        enums.set(statement.name.text, members);
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.initializer) {
            const list = constants.get(declaration.name.text) ?? [];
            list.push(declaration.initializer);
            constants.set(declaration.name.text, list);
          }
        }
      }
    }
  }
  return { enums, constants };
}

type Resolved = { values: string[] } | { composed: string } | { dynamic: true };

function resolver({ enums, constants }: ReturnType<typeof declarations>) {
  const resolve = (expression: ts.Expression, depth = 0): Resolved => {
    if (depth > 10) return { dynamic: true };
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
      return { values: [expression.text] };
    }
    if (ts.isTemplateExpression(expression)) return { composed: expression.getText() };
    if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) {
      return resolve(expression.expression, depth + 1);
    }
    if (ts.isConditionalExpression(expression)) {
      const both = [expression.whenTrue, expression.whenFalse].map((branch) =>
        resolve(branch, depth + 1),
      );
      const composed = both.find((each) => 'composed' in each);
      if (composed) return composed;
      if (both.some((each) => 'dynamic' in each)) return { dynamic: true };
      return { values: both.flatMap((each) => ('values' in each ? each.values : [])) };
    }
    if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)) {
      const members = enums.get(expression.expression.text);
      const initializer = members?.get(expression.name.text);
      if (members?.has(expression.name.text)) {
        return initializer ? resolve(initializer, depth + 1) : { dynamic: true };
      }
      return { dynamic: true };
    }
    if (ts.isIdentifier(expression)) {
      const initializers = constants.get(expression.text) ?? [];
      const resolved = initializers.map((initializer) => resolve(initializer, depth + 1));
      if (resolved.length === 0 || resolved.some((each) => !('values' in each))) {
        return { dynamic: true };
      }
      return { values: resolved.flatMap((each) => ('values' in each ? each.values : [])) };
    }
    return { dynamic: true };
  };
  return resolve;
}

function propertyOf(object: ts.Node | undefined, name: string): ts.Expression | undefined {
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === name) {
      return property.initializer;
    }
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) {
      return property.name;
    }
  }
  return undefined;
}

/** The reason expressions of the refusals of the input in `source`, with where each is. */
function reasonSites(source: SourceFile): Array<{ where: string; reason: ts.Expression }> {
  const sites: Array<{ where: string; reason: ts.Expression }> = [];
  const add = (node: ts.Node, reason: ts.Expression | undefined) => {
    if (!reason) return;
    const { line } = source.ast.getLineAndCharacterOfPosition(node.getStart());
    sites.push({ where: `${relative(SRC, source.path)}:${line + 1}`, reason });
  };
  walk(source.ast, (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      if (node.expression.text === 'badInput') add(node, node.arguments[2]);
      if (node.expression.text === 'conflict') add(node, node.arguments[1]);
    }
    const appErrorArguments =
      ts.isNewExpression(node) && node.expression.getText() === 'AppError'
        ? node.arguments
        : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword
          ? node.arguments
          : undefined;
    if (appErrorArguments) {
      const [code, , details] = appErrorArguments;
      if (code && INPUT_CODES.has(code.getText())) add(node, propertyOf(details, 'reason'));
    }
    // Errors built already formatted, or a GraphQLError's extensions: { code, reason }.
    const code = propertyOf(node, 'code');
    if (code && INPUT_CODES.has(code.getText())) add(node, propertyOf(node, 'reason'));
  });
  return sites;
}

describe('the UserErrorCode enum', () => {
  const sources = runtimeSources();
  const resolve = resolver(declarations(sources));

  beforeAll(async () => {
    // Every file that registers reasons, as the app imports them before the schema is built.
    for (const { path, text } of sources) {
      if (/\bregisterUserErrorCodes\(/.test(text)) await import(path);
    }
  });

  const sites = sources.flatMap(reasonSites);
  const literal = sites.flatMap(({ where, reason }) => {
    const resolved = resolve(reason);
    return 'values' in resolved ? resolved.values.map((value) => ({ where, value })) : [];
  });

  it('finds the refusals in the source (the scan still works)', () => {
    const found = new Set(literal.map(({ value }) => value));
    for (const known of [
      'FEES_DO_NOT_ADD_UP', // badInput(…, DealErrorReason.FEES_DO_NOT_ADD_UP)
      'INVALID_CURSOR', // pagination
      'INVALID_DATE_TIME', // the DateTime scalar's constant
      'UNIQUE_VIOLATION', // new AppError(ErrorCode.CONFLICT, …) of the database backstop
      'VALIDATION_FAILED',
      'IDEMPOTENCY_KEY_IN_USE', // a formatted error's extensions
      'IDEMPOTENT_REPLAY', // super(ErrorCode.CONFLICT, …)
      'EMAIL_TAKEN',
    ]) {
      expect(found).toContain(known);
    }
    expect(found.size).toBeGreaterThan(40);
  });

  it('has no reason composed at run time (use an enum member)', () => {
    const composed = sites
      .map(({ where, reason }) => ({ where, resolved: resolve(reason) }))
      .filter(({ resolved }) => 'composed' in resolved)
      .map(({ where, resolved }) => `${where}: ${(resolved as { composed: string }).composed}`);
    expect(composed).toEqual([]);
  });

  it('registers every reason given to a refusal of the input', () => {
    const unregistered = literal
      .filter(({ value }) => !registered(value))
      .map(({ where, value }) => `${value} (${where})`);
    expect(unregistered).toEqual([]);
  });

  it('registers every value of every *ErrorReason enum, but those that refuse no input', () => {
    const { enums } = declarations(sources);
    const unregistered: string[] = [];
    for (const [name, members] of enums) {
      if (!name.endsWith('ErrorReason')) continue;
      for (const [member, initializer] of members) {
        const resolved: Resolved = initializer ? resolve(initializer) : { dynamic: true };
        const values = 'values' in resolved ? resolved.values : ['(not a string literal)'];
        for (const value of values) {
          if (!registered(value) && !NOT_INPUT_REFUSALS.has(value)) {
            unregistered.push(`${name}.${member} = ${value}`);
          }
        }
      }
    }
    expect(unregistered).toEqual([]);
  });

  it('describes every registered value in a sentence', () => {
    const undescribed = Object.keys(UserErrorCode).filter(
      (code) => (userErrorCodeDescription(code) ?? '').trim().length < 10,
    );
    expect(undescribed).toEqual([]);
  });
});
