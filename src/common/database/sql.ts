/**
 * SQL fragments that carry their own parameters, so a condition written once (a tenancy rule, a
 * filter) can be placed inside any statement without anyone numbering `$n` by hand:
 *
 *   const statement = sql`SELECT d.id FROM deals d WHERE d.id = ANY(${ids}::uuid[]) AND ${visible}`;
 *   await dataSource.query(statement.text, statement.values);
 *
 * Interpolated values become bind parameters; interpolated fragments are spliced in with theirs.
 * Identifiers (table aliases) go through `identifier()`, which accepts only plain names.
 */
export class Sql {
  private constructor(
    private readonly strings: readonly string[],
    private readonly parts: readonly unknown[],
  ) {}

  static of(strings: readonly string[], parts: readonly unknown[]): Sql {
    return new Sql(strings, parts);
  }

  /** Positional text for `pg` (`$1`, `$2`, …), numbered in order of appearance. */
  get text(): string {
    return this.render((index) => `$${index}`);
  }

  get values(): unknown[] {
    const values: unknown[] = [];
    this.collect(values);
    return values;
  }

  /**
   * The same fragment for a TypeORM QueryBuilder (`qb.andWhere(condition, params)`): named
   * parameters under a prefix, so two fragments in one query cannot collide.
   */
  named(prefix: string): { condition: string; params: Record<string, unknown> } {
    const params: Record<string, unknown> = {};
    const values = this.values;
    const condition = this.render((index) => {
      const name = `${prefix}${index}`;
      params[name] = values[index - 1];
      return `:${name}`;
    });
    return { condition, params };
  }

  private render(placeholder: (index: number) => string): string {
    let next = 0;
    const walk = (fragment: Sql): string =>
      fragment.strings.reduce((text, piece, i) => {
        if (i === 0) return piece;
        const part = fragment.parts[i - 1];
        if (part instanceof Sql) return text + walk(part) + piece;
        if (part instanceof Identifier) return text + part.name + piece;
        next += 1;
        return text + placeholder(next) + piece;
      }, '');
    return walk(this);
  }

  private collect(into: unknown[]): void {
    for (const part of this.parts) {
      if (part instanceof Sql) part.collect(into);
      else if (!(part instanceof Identifier)) into.push(part);
    }
  }
}

class Identifier {
  constructor(readonly name: string) {}
}

const PLAIN_NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/** A table alias or column name spliced as text; anything but a plain lower-case name throws. */
export function identifier(name: string): Identifier {
  if (!PLAIN_NAME.test(name))
    throw new Error(`Not a plain SQL identifier: ${JSON.stringify(name)}`);
  return new Identifier(name);
}

export function sql(strings: TemplateStringsArray, ...parts: unknown[]): Sql {
  return Sql.of(strings, parts);
}

/** Fixed SQL text with no parameters (a literal the code chose, never user input). */
export function sqlText(text: string): Sql {
  return Sql.of([text], []);
}

/** Fragments joined by a separator; an empty list gives `whenEmpty` (TRUE by default). */
export function joinSql(fragments: readonly Sql[], separator = ' AND ', whenEmpty = 'TRUE'): Sql {
  if (fragments.length === 0) return sqlText(whenEmpty);
  const strings = ['', ...fragments.slice(1).map(() => separator), ''];
  return Sql.of(strings, fragments);
}
