/**
 * Compiles path globs (`*` matches any run of characters) into one matcher. Query strings are not
 * part of the path.
 */
export function compileIgnorePaths(globs: string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const escaped = globs.map((g) => g.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*'));
  const re = new RegExp(`^(?:${escaped.join('|')})$`);
  return (path) => re.test(path);
}
