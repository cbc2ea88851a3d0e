/** Thrown when business rules are invalid; `problems` lists each one with where it is. */
export class BusinessRuleError extends Error {
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(`Invalid business metric rules in ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'BusinessRuleError';
  }
}
