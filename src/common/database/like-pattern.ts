/** A LIKE/ILIKE pattern matching `text` literally anywhere: `%`, `_` and `\` are escaped (ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
