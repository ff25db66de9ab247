// CSV import of a Maven-style CRM export (`pillar import csv <dir> --org <name>`).
export { importCsvDirectory, type FileSummary, type ImportCsvOptions, type ImportProgress, type ImportSummary, type RowIssue } from './import-csv-directory';
export { formatImportSummary } from './format-import-summary';
export { CsvImportError, type CsvProblem } from './errors';
export { DEFAULT_CSV_LIMITS, type CsvLimits } from './read-csv';
export { VALUE_ALIASES } from './normalise';
