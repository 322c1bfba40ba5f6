import { Kind, type ASTVisitor, type ValidationContext, type ValueNode } from 'graphql';

// Where each literal value of a parsed document sits, as a field path (`input.deliverables.0.dueAt`),
// for the scalars: graphql-js hands `parseLiteral` the node alone. Keyed by the node, so an entry
// lives exactly as long as its document.
const paths = new WeakMap<ValueNode, string>();

function record(node: ValueNode, path: string): void {
  paths.set(node, path);
  if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) record(field.value, `${path}.${field.name.value}`);
  } else if (node.kind === Kind.LIST) {
    node.values.forEach((value, index) => record(value, `${path}.${index}`));
  }
}

/** The path of a literal in a document that went through `createInputPathsRule`. */
export function inputPathOf(node: ValueNode): string | undefined {
  return paths.get(node);
}

/**
 * A validation rule that reports nothing: it records the path of every literal under an argument
 * (named by the argument: `asOf`, `input.title`) or a variable's default value (named by the
 * variable). It sees an argument before the built-in rule that checks the literals inside it
 * calls the scalars' `parseLiteral`, so a scalar's refusal can name the field.
 */
export function createInputPathsRule() {
  return (_context: ValidationContext): ASTVisitor => ({
    Argument(node) {
      record(node.value, node.name.value);
    },
    VariableDefinition(node) {
      if (node.defaultValue) record(node.defaultValue, node.variable.name.value);
    },
  });
}
