import {
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { findAppError } from '../errors/app-error';
import { DateTimeScalar } from './date-time.scalar';
import { findInputProblems, inputRefusal } from './input-edge.plugin';
import { createInputPathsRule } from './input-paths';

const SlotInput = new GraphQLInputObjectType({
  name: 'SlotInput',
  fields: { title: { type: GraphQLString }, at: { type: DateTimeScalar } },
});
const PlanInput = new GraphQLInputObjectType({
  name: 'PlanInput',
  fields: {
    title: { type: new GraphQLNonNull(GraphQLString) },
    tags: { type: new GraphQLList(GraphQLString) },
    slots: { type: new GraphQLList(new GraphQLNonNull(SlotInput)) },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      plan: {
        type: GraphQLString,
        args: {
          id: { type: GraphQLID },
          input: { type: PlanInput },
          asOf: { type: DateTimeScalar },
        },
      },
    },
  }),
});

function problems(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  return findInputProblems(schema, document, operation, variables).map(({ path, reason }) => [
    path,
    reason,
  ]);
}

describe('findInputProblems', () => {
  it('finds NUL and lone surrogates in literals, at their argument paths', () => {
    expect(
      problems(`{ plan(id: "a\\u0000", input: { title: "ok", tags: ["x", "\\u0000"] }) }`),
    ).toEqual([
      ['id', 'INVALID_CHARACTER'],
      ['input.tags.1', 'INVALID_CHARACTER'],
    ]);
  });

  it('finds them in variables, named by the argument, not the variable', () => {
    const query = `query Q($p: PlanInput, $t: String) {
      plan(input: $p) a: plan(input: { title: $t }) }`;
    expect(
      problems(query, {
        p: { title: 'x', slots: [{ title: 'ok' }, { title: '\ud800' }] },
        t: '\u0000',
      }),
    ).toEqual([
      ['input.slots.1.title', 'INVALID_CHARACTER'],
      ['input.title', 'INVALID_CHARACTER'],
    ]);
  });

  it('checks impossible DateTimes in variables, at their paths, but not valid ones', () => {
    const query = `query Q($p: PlanInput, $at: DateTime) { plan(input: $p, asOf: $at) }`;
    expect(
      problems(query, {
        p: { title: 'x', slots: { at: '2031-02-30T10:00:00Z' } }, // one value for a list
        at: '2024-02-29T10:00:00Z',
      }),
    ).toEqual([['input.slots.at', 'INVALID_DATE_TIME']]); // as graphql-js names it: no index
    expect(problems(query, { at: 20240229 })).toEqual([['asOf', 'INVALID_DATE_TIME']]);
  });

  it('follows fragments (once) and variable defaults', () => {
    const query = `query Q($t: String = "x\\u0000") { ...A ...A }
      fragment A on Query { ... on Query { plan(input: { title: $t }) } }`;
    expect(problems(query)).toEqual([['input.title', 'INVALID_CHARACTER']]);
  });

  it('leaves what coercion refuses anyway to coercion, and passes clean input', () => {
    expect(
      problems(`query Q($p: PlanInput) { plan(input: $p) }`, { p: { nope: '\u0000' } }),
    ).toEqual([]);
    expect(problems(`{ plan(id: "🚀", input: { title: "fine" }) }`)).toEqual([]);
  });

  it('makes one BAD_USER_INPUT naming every field', () => {
    const refusal = inputRefusal([
      { path: 'input.title', reason: 'INVALID_CHARACTER', message: 'input.title contains a NUL' },
      { path: 'asOf', reason: 'INVALID_DATE_TIME', message: 'asOf: not a real date' },
    ]);
    expect(refusal.code).toBe('BAD_USER_INPUT');
    expect(refusal.details).toEqual({
      reason: 'INVALID_CHARACTER',
      fields: ['input.title', 'asOf'],
    });
  });
});

describe('DateTime literals', () => {
  it('are refused by validation with their path, as BAD_USER_INPUT / INVALID_DATE_TIME', () => {
    const document = parse(
      `{ plan(input: { title: "x", slots: [{ at: "2031-04-31T00:00:00Z" }] }) }`,
    );
    const errors = validate(schema, document, [...specifiedRules, createInputPathsRule()]);
    expect(errors).toHaveLength(1);
    expect(findAppError(errors[0])).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { reason: 'INVALID_DATE_TIME', fields: ['input.slots.0.at'] },
    });
    expect(errors[0].message).toMatch(/^input\.slots\.0\.at: .*not a real date/);
  });
});
