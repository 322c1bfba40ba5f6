import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';

/**
 * Every GraphQL example in README.md and docs/ is a document the API accepts as written: it
 * parses and validates against the committed schema (fields, arguments, enum values, variables).
 * The README walkthrough itself runs end to end in readme-walkthrough.e2e-spec.ts.
 */
const ROOT = join(__dirname, '../..');
const schema = buildSchema(readFileSync(join(ROOT, 'schema.gql'), 'utf8'));

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/**
 * ```graphql blocks, and the documents shell examples send: the single-quoted argument of the
 * docs' `gql TOKEN '<document>'` helper, and `query: "<document>"` in a JSON body, in ```bash
 * blocks.
 */
function graphqlBlocks(file: string): Array<{ where: string; source: string }> {
  const text = readFileSync(file, 'utf8');
  const where = (index: number) => `${file.slice(ROOT.length + 1)}:${lineOf(text, index)}`;
  const blocks = [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => ({
    where: where(match.index),
    source: match[1],
  }));
  const shell = [...text.matchAll(/```bash\n([\s\S]*?)```/g)].flatMap((block) => {
    const start = block.index + '```bash\n'.length;
    const sent = [
      ...block[1].matchAll(/\bgql "[^"]*" '([^']*)'/g),
      ...block[1].matchAll(/\bquery: "((?:query|mutation)\b[^"]*)"/g),
    ];
    return sent.map((match) => ({ where: where(start + match.index), source: match[1] }));
  });
  return [...blocks, ...shell];
}

const pages = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name)),
];
const examples = pages.flatMap(graphqlBlocks);

describe('GraphQL examples in the docs', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples.map((example) => [example.where, example.source]))(
    '%s is valid against schema.gql',
    (_where, source) => {
      expect(validate(schema, parse(source)).map((error) => error.message)).toEqual([]);
    },
  );
});
