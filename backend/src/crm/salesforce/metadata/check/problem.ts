/**
 * One finding of the offline package checks. `check` says which tool found it, matching the table of
 * shared/reference/salesforce.md §4: well-formed XML, Metadata API schema, project rules (what the
 * platform requires but the schema cannot say), cross references, Apex syntax, conversion to
 * metadata format.
 */
export type CheckName = 'xml' | 'schema' | 'rules' | 'references' | 'apex' | 'convert';

export interface Problem {
  check: CheckName;
  /** Path relative to the package's `main/default`. */
  file: string;
  message: string;
}
