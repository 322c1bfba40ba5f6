import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Behind PgBouncer in transaction mode, consecutive transactions of one client run on whichever
 * server connection is free: anything that lives in a *session* either leaks to other clients or
 * is lost. This scans the code for such statements, so adding one fails here rather than in
 * production. (What is allowed instead is named in each message.)
 */
const FORBIDDEN: Array<{ name: string; pattern: RegExp; instead: string }> = [
  {
    name: 'session SET',
    // A statement that begins with SET (after a quote, backtick or `;`), other than SET LOCAL,
    // SET TRANSACTION and SET CONSTRAINTS; `UPDATE t SET col = …` has its table name before SET.
    pattern:
      /[`'";]\s*SET\s+(?:SESSION\s+)?(?!LOCAL\b|TRANSACTION\b|CONSTRAINTS\b)[\w."]+\s*(?:=|\bTO\b)/i,
    instead: 'SET LOCAL inside a transaction',
  },
  {
    name: 'RESET / DISCARD',
    pattern: /[`'";]\s*(?:RESET\s+\w|DISCARD\s+\w)/i,
    instead: 'nothing session-level to undo',
  },
  {
    name: 'session set_config',
    pattern: /set_config\s*\((?![^)]*,\s*true\s*\))/i,
    instead: 'set_config(name, value, true), which lasts for the transaction',
  },
  {
    name: 'LISTEN / UNLISTEN / NOTIFY',
    pattern: /[`'";]\s*(?:UN)?LISTEN\s+[\w"*]|[`'";]\s*NOTIFY\s+[\w"]|pg_notify\s*\(/i,
    instead: 'a table that is polled, or Redis',
  },
  {
    name: 'session advisory lock',
    pattern: /pg_(?:try_)?advisory_(?:un)?lock(?:_shared|_all)?\s*\(/i,
    instead: 'pg_advisory_xact_lock / pg_try_advisory_xact_lock',
  },
  {
    name: 'temporary table',
    pattern: /CREATE\s+(?:GLOBAL\s+|LOCAL\s+)?TEMP(?:ORARY)?\s+TABLE/i,
    instead: 'a CTE, VALUES list or unnest($1::…[])',
  },
  {
    name: 'SQL PREPARE',
    pattern: /[`'";]\s*(?:PREPARE\s+\w+\s*(?:\(|AS\b)|EXECUTE\s+\w+\s*\(|DEALLOCATE\b)/i,
    instead: "node-postgres's unnamed statements (plain parameterised queries)",
  },
  {
    name: 'named prepared statement (node-postgres `name`)',
    pattern: /\.query\(\s*\{[^}]*\bname\s*:/,
    instead: 'a query without `name` (PgBouncer 1.18 does not track named statements)',
  },
  {
    name: 'cursor WITH HOLD',
    pattern: /CURSOR\s+WITH\s+HOLD/i,
    instead: 'keyset pagination',
  },
  {
    name: 'session setting as a startup parameter',
    // node-postgres sends these as startup parameters, which PgBouncer refuses.
    pattern:
      /\b(?:statement_timeout|lock_timeout|idle_in_transaction_session_timeout)\s*:\s*['"`\d]|\boptions\s*:\s*['"`]\s*-c/,
    instead: 'SET LOCAL in the transaction, or ALTER ROLE … SET on the server',
  },
];

/** Places that never talk through the pooler, and why. */
const ALLOWED: Array<{ file: string; name: string; why: string }> = [
  {
    file: 'bench/src/dataset.ts',
    name: 'session SET',
    why: 'the benchmark loader connects straight to the server, to a database of its own',
  },
];

const ROOT = resolve(__dirname, '../..');

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function findings(text: string): string[] {
  return FORBIDDEN.filter(({ pattern }) => pattern.test(text)).map(({ name }) => name);
}

describe('no session state (the code must work behind PgBouncer in transaction mode)', () => {
  it('finds none in src/, migrations/ and bench/src/', () => {
    const files = [
      ...sources(join(ROOT, 'src')),
      ...sources(join(ROOT, 'migrations')),
      ...sources(join(ROOT, 'bench/src')),
    ];
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const path of files) {
      const file = relative(ROOT, path);
      for (const name of findings(readFileSync(path, 'utf8'))) {
        if (ALLOWED.some((allowed) => allowed.file === file && allowed.name === name)) continue;
        const { instead } = FORBIDDEN.find((rule) => rule.name === name)!;
        found.push(`${file}: ${name} (use ${instead})`);
      }
    }
    expect(found).toEqual([]);
  });

  it.each([
    ['`SET search_path = app`', 'session SET'],
    ["'SET SESSION statement_timeout TO 5000'", 'session SET'],
    ['`\n  SET synchronous_commit = off`', 'session SET'],
    ['`RESET ALL`', 'RESET / DISCARD'],
    ["`SELECT set_config('app.user', $1, false)`", 'session set_config'],
    ['`LISTEN outages`', 'LISTEN / UNLISTEN / NOTIFY'],
    ["`SELECT pg_notify('outages', $1)`", 'LISTEN / UNLISTEN / NOTIFY'],
    ['`SELECT pg_advisory_lock(42)`', 'session advisory lock'],
    ['`SELECT pg_try_advisory_lock(42)`', 'session advisory lock'],
    ['`CREATE TEMP TABLE ids (id uuid)`', 'temporary table'],
    ['`PREPARE hit (uuid) AS SELECT 1`', 'SQL PREPARE'],
    [
      "client.query({ name: 'hit', text: 'SELECT 1' })",
      'named prepared statement (node-postgres `name`)',
    ],
    ['`DECLARE c CURSOR WITH HOLD FOR SELECT 1`', 'cursor WITH HOLD'],
    ['extra: { statement_timeout: 5000 }', 'session setting as a startup parameter'],
    ["extra: { options: '-c search_path=app' }", 'session setting as a startup parameter'],
  ])('catches %s', (snippet, name) => {
    expect(findings(snippet)).toEqual([name]);
  });

  it.each([
    '`UPDATE deals SET title = $2 WHERE id = $1`',
    '`UPDATE access_tokens\n     SET last_used_at = now()`',
    '`SET LOCAL statement_timeout = 5000`',
    '`SET TRANSACTION ISOLATION LEVEL SERIALIZABLE`',
    "`SELECT set_config('app.user', $1, true)`",
    '`SELECT pg_advisory_xact_lock(42)`',
    "`INSERT INTO deals (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET title = 'x'`",
    "{ name: 'DateTime' }",
    "this.logger.log('listening on port 3000')",
    "{ options: 'inline' }",
  ])('lets %s through', (snippet) => {
    expect(findings(snippet)).toEqual([]);
  });
});
