import {
  Kind,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { LimitError, LimitErrorCode } from './limit-error';

/**
 * Depth and alias limits as graphql-js validation rules: they read only the document, so they
 * run with the other rules, before any resolver, and cost one pass over it. Fragments are
 * expanded (a fragment spread three times counts three times) with a memo per fragment, so a
 * document of nested spreads cannot make the count itself expensive; cycles count as nothing
 * here (NoFragmentCyclesRule reports them).
 */
interface SelectionMeasure {
  depth: number;
  aliases: number;
}

// `__schema` / `__type` are introspection, which production refuses outright; in development
// GraphiQL's own introspection query nests `ofType` deeper than any real operation.
const isIntrospectionField = (name: string): boolean => name === '__schema' || name === '__type';

class DocumentMeasurer {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly memo = new Map<string, SelectionMeasure>();
  private readonly visiting = new Set<string>();

  constructor(context: ValidationContext) {
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        this.fragments.set(definition.name.value, definition);
      }
    }
  }

  operation(operation: OperationDefinitionNode): SelectionMeasure {
    return this.selectionSet(operation.selectionSet);
  }

  private selectionSet(selectionSet: SelectionSetNode): SelectionMeasure {
    let depth = 0;
    let aliases = 0;
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          if (isIntrospectionField(selection.name.value)) break;
          const below = selection.selectionSet
            ? this.selectionSet(selection.selectionSet)
            : { depth: 0, aliases: 0 };
          depth = Math.max(depth, below.depth + 1);
          aliases += below.aliases + (selection.alias ? 1 : 0);
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const inner = this.selectionSet(selection.selectionSet);
          depth = Math.max(depth, inner.depth);
          aliases += inner.aliases;
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const inner = this.fragment(selection.name.value);
          depth = Math.max(depth, inner.depth);
          aliases += inner.aliases;
          break;
        }
      }
    }
    return { depth, aliases };
  }

  private fragment(name: string): SelectionMeasure {
    const known = this.memo.get(name);
    if (known) return known;
    const definition = this.fragments.get(name);
    if (!definition || this.visiting.has(name)) return { depth: 0, aliases: 0 };
    this.visiting.add(name);
    const measure = this.selectionSet(definition.selectionSet);
    this.visiting.delete(name);
    this.memo.set(name, measure);
    return measure;
  }
}

/**
 * Refuses every operation in the document deeper than `maxDepth` (root fields are depth 1) or
 * with more than `maxAliases` aliased fields, with QUERY_TOO_DEEP / TOO_MANY_ALIASES.
 */
export function createDocumentLimitsRule(limits: {
  maxDepth: number;
  maxAliases: number;
}): ValidationRule {
  return (context: ValidationContext) => {
    const measurer = new DocumentMeasurer(context);
    return {
      OperationDefinition(operation) {
        const { depth, aliases } = measurer.operation(operation);
        if (depth > limits.maxDepth) {
          context.reportError(
            new LimitError(
              LimitErrorCode.QUERY_TOO_DEEP,
              `The operation is ${depth} fields deep; at most ${limits.maxDepth} are allowed`,
              { limit: limits.maxDepth, actual: depth },
            ).toGraphQLError([operation]),
          );
        }
        if (aliases > limits.maxAliases) {
          context.reportError(
            new LimitError(
              LimitErrorCode.TOO_MANY_ALIASES,
              `The operation uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`,
              { limit: limits.maxAliases, actual: aliases },
            ).toGraphQLError([operation]),
          );
        }
        return false; // nothing below an operation needs this rule's visitor
      },
    };
  };
}

/**
 * graphql-js stops parsing at `maxLexicalTokens` with a plain syntax error, which Apollo reports
 * as GRAPHQL_PARSE_FAILED; this recognises it so it can be answered as QUERY_TOO_LARGE.
 * graphql 16.15 says "more that N tokens" (sic); "than" is accepted for when that is fixed.
 * test/security/document-limits.e2e-spec.ts fails if an upgrade changes the wording.
 */
export function tokenLimitError(message: string): LimitError | null {
  const match = /Document contains more tha[nt] (\d+) tokens/.exec(message);
  if (!match) return null;
  const limit = Number(match[1]);
  return new LimitError(
    LimitErrorCode.QUERY_TOO_LARGE,
    `The document has more than ${limit} tokens; send a smaller query`,
    { limit, reason: 'TOO_MANY_TOKENS' },
  );
}
