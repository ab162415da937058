/** `'a', 'b', 'c'`: the values of a status list, for a CHECK constraint on that column. */
export function sqlInList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
}
