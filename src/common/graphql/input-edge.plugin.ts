import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  GraphQLError,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { AppError, ErrorCode, findAppError } from '../errors/app-error';
import { CommonErrorReason } from '../errors/common.errors';
import { INVALID_CHARACTER, textProblem } from '../validation/text';

export interface InputProblem {
  /** The field at fault, from the argument: `input.deliverables.0.scheduledAt`, `asOf`. */
  path: string;
  reason: string;
  message: string;
}

/** Enough to name what is wrong without answering with a wall of text. */
const MAX_PROBLEMS = 20;

/**
 * Every argument value of an operation — literals, variables (with their declared types) and
 * variables' defaults — walked once, before anything executes:
 * - every string (String, ID, enums, custom scalars) must be storable text: no U+0000, no lone
 *   UTF-16 surrogate (`textProblem`);
 * - every value for one of our own scalars must parse: a scalar that refuses with an AppError
 *   (DateTime: INVALID_DATE_TIME) gets the field's path, which graphql-js only prints into its
 *   message. Literals of those scalars were already refused, with their path, by validation.
 */
class InputWalk {
  readonly problems: InputProblem[] = [];
  private readonly definitions = new Map<string, VariableDefinitionNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    private readonly variables: Record<string, unknown>,
  ) {
    for (const definition of operation.variableDefinitions ?? []) {
      this.definitions.set(definition.variable.name.value, definition);
    }
  }

  private add(path: string, reason: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, reason, message });
  }

  private text(value: string, path: string): boolean {
    const problem = textProblem(value);
    if (problem) this.add(path, INVALID_CHARACTER, `${path} ${problem}`);
    return problem === null;
  }

  literal(node: ValueNode, path: string): void {
    switch (node.kind) {
      case Kind.STRING:
        this.text(node.value, path);
        return;
      case Kind.LIST:
        node.values.forEach((value, index) => this.literal(value, `${path}.${index}`));
        return;
      case Kind.OBJECT:
        for (const field of node.fields) this.literal(field.value, `${path}.${field.name.value}`);
        return;
      case Kind.VARIABLE: {
        const name = node.name.value;
        const definition = this.definitions.get(name);
        if (!definition) return; // validation already refused an undefined variable
        if (Object.hasOwn(this.variables, name)) {
          const type = typeFromAST(this.schema, definition.type);
          if (type && isInputType(type)) this.value(type, this.variables[name], path);
        } else if (definition.defaultValue) {
          this.literal(definition.defaultValue, path);
        }
        return;
      }
      default:
        return;
    }
  }

  /** A variable's JSON value against its declared type. Shapes that do not fit are left to coercion. */
  private value(type: GraphQLInputType, value: unknown, path: string): void {
    if (value === null || value === undefined) return;
    if (isNonNullType(type)) {
      this.value(type.ofType, value, path);
    } else if (isListType(type)) {
      if (Array.isArray(value)) {
        value.forEach((item, index) => this.value(type.ofType, item, `${path}.${index}`));
      } else {
        this.value(type.ofType, value, path); // one value where a list is expected: a list of one
      }
    } else if (isInputObjectType(type)) {
      if (typeof value !== 'object' || Array.isArray(value)) return;
      const fields = type.getFields();
      for (const [key, item] of Object.entries(value)) {
        const field = fields[key];
        if (field) this.value(field.type, item, `${path}.${key}`);
      }
    } else {
      if (typeof value === 'string' && !this.text(value, path)) return;
      if (isScalarType(type) && !isSpecifiedScalarType(type)) {
        this.scalar((input) => type.parseValue(input), value, path);
      }
    }
  }

  private scalar(parse: (value: unknown) => unknown, value: unknown, path: string): void {
    try {
      parse(value);
    } catch (error) {
      const refusal = findAppError(error);
      // Anything else is left to variable coercion, which answers it as it always has.
      if (refusal) {
        const message = refusal.message.replace(/^[\w.]+: /, '');
        this.add(
          path,
          refusal.details.reason ?? CommonErrorReason.INVALID_VALUE,
          `${path}: ${message}`,
        );
      }
    }
  }

  selections(
    set: SelectionSetNode,
    fragments: Map<string, FragmentDefinitionNode>,
    seen: Set<string>,
  ): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) {
          this.literal(argument.value, argument.name.value);
        }
        if (selection.selectionSet) this.selections(selection.selectionSet, fragments, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        this.selections(selection.selectionSet, fragments, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) this.selections(fragment.selectionSet, fragments, seen);
      }
      // Directive arguments (@include, @skip) are Booleans: nothing to store.
    }
  }
}

/** What is wrong with the operation's input, argument by argument; empty when nothing is. */
export function findInputProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): InputProblem[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const walk = new InputWalk(schema, operation, variables);
  walk.selections(operation.selectionSet, fragments, new Set());
  return walk.problems;
}

/** One BAD_USER_INPUT for all of them: the first one's reason, every path in `fields`. */
export function inputRefusal(problems: InputProblem[]): AppError {
  const [first] = problems;
  const shown = problems.slice(0, 5).map((problem) => problem.message);
  const more =
    problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return new AppError(ErrorCode.BAD_USER_INPUT, `${shown.join('; ')}${more}`, {
    reason: first.reason,
    fields: [...new Set(problems.map((problem) => problem.path))],
  });
}

/**
 * Refuses bad input at the edge, after validation and before any resolver runs, so that text
 * PostgreSQL cannot store never reaches it (it would answer 22021, an internal error before) and
 * an impossible date names its field whether it came as a literal or a variable. HTTP 400.
 */
export function createInputEdgePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // No operation (an unknown operationName): execution answers that, running nothing.
          if (!operation) return;
          const problems = findInputProblems(schema, document, operation, request.variables);
          if (problems.length === 0) return;
          const refusal = inputRefusal(problems);
          throw new GraphQLError(refusal.message, {
            originalError: refusal,
            extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
          });
        },
      };
    },
  };
}
