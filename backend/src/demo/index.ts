// Seeded demo data: mirror batches for direct loading, and Maven-shaped CSV exports for the import benchmark.
export { generateDataset, demoTeam, DEMO_PROFILES, DEMO_STAGES, type DemoProfile, type GenerateDatasetOptions } from './generate-dataset';
export { loadDataset, type LoadDatasetOptions } from './load-dataset';
export { writeMavenCsv, type MavenExportCounts, type WriteMavenCsvOptions } from './write-maven-csv';
export { Random, mulberry32, deriveSeed } from './prng';
