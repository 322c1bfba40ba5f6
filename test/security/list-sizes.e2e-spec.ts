import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { AppConfig } from '../../src/config/app-config';
import { declaredListSize, queryCost, type ListSize } from '../../src/security/query-cost';
import { TestApp } from '../support/test-app';

/**
 * Every list of objects the service serves declares its size (`maxItems`, a hard bound, or
 * `expectedItems`, a realistic size: see docs/security-limits.md), so the query cost prices it as
 * it is rather than as a guess of 10, and a new list cannot be added without one. Then the queries
 * clients actually send, the documented examples and the whole outage report and exposure, are
 * priced and must stay well under the default cost limit.
 */
const ROOT = join(__dirname, '../..');

/** The object lists the cost multiplies by a declared size: neither paged nor a connection's. */
function unpagedObjectLists(schema: GraphQLSchema) {
  return Object.values(schema.getTypeMap())
    .filter(
      (type): type is GraphQLObjectType | GraphQLInterfaceType =>
        !type.name.startsWith('__') && (isObjectType(type) || isInterfaceType(type)),
    )
    .flatMap((type) =>
      Object.values(type.getFields()).map((field) => ({ owner: type.name, field })),
    )
    .filter(
      ({ owner, field }) =>
        isListType(getNullableType(field.type)) &&
        !isLeafType(getNamedType(field.type)) &&
        !field.args.some((argument) => argument.name === 'first') &&
        !owner.endsWith('Connection'),
    );
}

const TOTALS = `currency delayed { amount } lost { amount } retained { amount } recoverable { amount }
  atRisk { amount } platformIncomeLost { amount } byOutcome { outcome amount { amount } deliverableCount }`;

/** Everything an outage report says, as test/reports/report-model.e2e-spec.ts reads it, in one query. */
const WHOLE_REPORT = `query($id: ID!) { outageReport(outageId: $id) {
  title kind evaluatedAt generatedAt provisional
  viewer { role description seesPlatformIncome }
  period { startsAt endsAt } platformFilter { slug name }
  outages(first: 20) { nodes { id title startsAt endsAt ongoing countedUntilAt severity degradationBps provisional
    deliverablesHit directPlatforms { slug name } dependentPlatforms { slug } } }
  totals { ${TOTALS} }
  recommendations { code text }
  deliverables(first: 50) { nodes { deliverableId title kind timing platform { slug name } dealTitle creatorName
    brandName outcome currency fee { amount currency } delayed { amount } lost { amount } retained { amount }
    recoverable { amount } atRisk { amount } daysLate penaltyBps delayMinutes scheduledAt slotEndsAt
    durationMinutes dueAt effectiveDeadlineAt suggestedSlotAt suggestedPlatform { slug } originalPaymentDueAt
    newPaymentDueAt explanation explanationCode provisional outageId outageIds downThrough { slug }
    lostWithForceMajeure { amount } } }
  platformIncome(first: 50) { nodes { accountId creatorId creatorName platform { id slug } downtimeMinutes
    factorBps loss { amount currency } outageIds explanation explanationCode } }
  byCreator(first: 10) { nodes { creatorId creatorName totals { ${TOTALS} } } }
  byBrand(first: 10) { nodes { brandId brandName totals { ${TOTALS} } } }
  byDeal(first: 10) { nodes { dealId dealTitle creatorName brandName totals { ${TOTALS} }
    terms { forceMajeure killFeeBps killAfterDaysLate alternatePlatforms { slug } } } }
  byPlatform(first: 10) { nodes { platform { id slug name } totals { ${TOTALS} } } }
} }`;

/** Everything an exposure says, as test/exposure/exposure.e2e-spec.ts reads it. */
const WHOLE_EXPOSURE = `query($from: DateTime!, $to: DateTime!) { exposure(from: $from, to: $to) {
  startsAt endsAt advice { code text }
  currencies { currency total { amount currency } deliverableCount concentrationIndex
    byPlatform(first: 20) { nodes { platform { slug } amount { amount } shareBps deliverableCount } }
    byProvider(first: 10) { nodes { provider { slug } amount { amount } shareBps deliverableCount
      dealsWithoutAlternates whatIf { startsAt endsAt deliverablesHit totals { currency lost { amount }
        delayed { amount } retained { amount } recoverable { amount } platformIncomeLost { amount }
        byOutcome { outcome deliverableCount } } } } }
  }
} }`;

/**
 * A value of `type` that its scalars accept, so that an operation's required variables can be
 * given: Int is the default page size (a `first: $n` counts as 20, as when it is omitted).
 */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
        .map((field) => [field.name, sample(field.type)]),
    );
  }
  if (isScalarType(type)) {
    if (type.name === 'Int') return 20;
    return ['2030-01-01T00:00:00Z', '1.00', 'x', 1, true].find((candidate) => {
      try {
        type.parseValue(candidate);
        return true;
      } catch {
        return false;
      }
    });
  }
  return null;
}

function sampleVariables(schema: GraphQLSchema, document: DocumentNode, name?: string) {
  const operation = document.definitions.find(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (name === undefined || definition.name?.value === name),
  );
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return {};
  return Object.fromEntries(
    (operation.variableDefinitions ?? [])
      .filter((variable) => variable.type.kind === Kind.NON_NULL_TYPE && !variable.defaultValue)
      .map((variable) => [
        variable.variable.name.value,
        sample(typeFromAST(schema, variable.type) as GraphQLInputType),
      ]),
  );
}

/** The ```graphql blocks of README.md and docs/, and the documents the README's `gql` helper sends. */
function documentedOperations(): Array<{ where: string; source: string }> {
  const pages = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];
  return pages.flatMap((page) => {
    const text = readFileSync(join(ROOT, page), 'utf8');
    return [
      ...text.matchAll(/```graphql\n([\s\S]*?)```/g),
      ...text.matchAll(/\bgql "[^"]*" '([^']*)'/g),
    ].map((match) => ({
      where: `${page}:${text.slice(0, match.index).split('\n').length}`,
      source: match[1],
    }));
  });
}

describe('list sizes in the query cost', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let maxCost: number;

  beforeAll(async () => {
    t = await TestApp.start();
    schema = t.app.get(GraphQLSchemaHost).schema;
    maxCost = t.app.get(AppConfig).GRAPHQL_MAX_COST;
  });
  afterAll(async () => {
    await t.close();
  });

  const cost = (source: string, operationName?: string) => {
    const document = parse(source);
    const variables = sampleVariables(schema, document, operationName);
    const result = queryCost(schema, document, variables, operationName);
    if (result.kind !== 'cost') throw new Error(`${result.kind}: ${source}`);
    return result.cost;
  };

  it('has every unpaged list of objects declare its size', () => {
    const lists = unpagedObjectLists(schema);
    expect(lists.length).toBeGreaterThan(50);
    const undeclared = lists
      .filter(({ field }) => declaredListSize(field.extensions) === null)
      .map(({ owner, field }) => `${owner}.${field.name}`);
    expect(undeclared).toEqual([]);
    // A realistic size never exceeds the hard bound it sits beside.
    const inconsistent = lists
      .filter(({ field }) => {
        const { maxItems, expectedItems } = field.extensions as ListSize;
        return maxItems !== undefined && expectedItems !== undefined && expectedItems > maxItems;
      })
      .map(({ owner, field }) => `${owner}.${field.name}`);
    expect(inconsistent).toEqual([]);
  });

  it('prices the whole outage report and the whole exposure at about half the limit or less', () => {
    expect({ report: cost(WHOLE_REPORT), exposure: cost(WHOLE_EXPOSURE) }).toEqual({
      report: 7687,
      exposure: 2837,
    });
    expect(cost(WHOLE_REPORT)).toBeLessThanOrEqual(maxCost / 1.9);
  });

  it('keeps every documented query (README walkthrough, dashboard, …) under a third of the limit', () => {
    const operations = documentedOperations().flatMap(({ where, source }) => {
      const document = parse(source);
      const names = document.definitions.flatMap((definition) =>
        definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value] : [],
      );
      return names.map((name) => ({ where, name, cost: cost(source, name) }));
    });
    expect(operations.length).toBeGreaterThan(20);
    const costly = operations.filter((operation) => operation.cost > maxCost / 3);
    expect(costly).toEqual([]);
  });
});
