/** Where and why an import was refused. `line` and `field` are null when the problem is not in one place. */
export interface CsvProblem {
  file: string;
  line: number | null;
  field: string | null;
  reason: string;
}

/**
 * An import refused before or while writing a file: that file's transaction is rolled back, so nothing of it
 * is stored, and the rows stored by earlier imports are untouched. The message names file, line and field.
 */
export class CsvImportError extends Error implements CsvProblem {
  readonly file: string;
  readonly line: number | null;
  readonly field: string | null;
  readonly reason: string;

  constructor(problem: CsvProblem) {
    super(describeProblem(problem));
    this.name = 'CsvImportError';
    this.file = problem.file;
    this.line = problem.line;
    this.field = problem.field;
    this.reason = problem.reason;
  }
}

export function describeProblem(problem: CsvProblem): string {
  const where = [problem.file, problem.line === null ? null : `line ${problem.line}`, problem.field === null ? null : `field "${problem.field}"`]
    .filter((part) => part !== null)
    .join(', ');
  return `${where}: ${problem.reason}`;
}
