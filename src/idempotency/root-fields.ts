import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';

/**
 * The field behind each root response key of an operation: aliases and fragments resolved,
 * `__typename` aside.
 */
export function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode): string[] {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION
        ? [[definition.name.value, definition.selectionSet] as const]
        : [],
    ),
  );
  const fields = new Map<string, string>();
  const visit = (set: SelectionSetNode, seen: Set<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') {
          fields.set(selection.alias?.value ?? selection.name.value, selection.name.value);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) visit(fragment, new Set([...seen, name]));
      }
    }
  };
  visit(selectionSet, new Set());
  return [...fields.values()];
}
