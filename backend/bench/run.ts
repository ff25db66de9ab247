// `npm run bench [suite…]`: runs the benchmark suites and prints their figures. Speed and memory targets
// live here, never in timed tests. Each suite returns figures; ratios against targets are figures too.
import os from 'node:os';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const SUITES: Record<string, () => Promise<Figure[]>> = {
  engine: async () => (await import('./engine.bench')).runEngineBench(),
  import: async () => (await import('./import.bench')).runImportBench(),
  rescore: async () => (await import('./rescore.bench')).runRescoreBench(),
  salesforce: async () => (await import('./salesforce.bench')).runSalesforceBench(),
  'salesforce-sync': async () => (await import('./salesforce-sync.bench')).runSalesforceSyncBench(),
  signals: async () => (await import('./signals.bench')).runSignalsBench(),
  api: async () => (await import('./api.bench')).runApiBench(),
};

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 3 : 1 });
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = requested.filter((s) => !(s in SUITES));
  if (unknown.length) {
    console.error(`Unknown suite(s): ${unknown.join(', ')}. Suites: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  const names = requested.length ? requested : Object.keys(SUITES);
  console.log(`Pillar benchmarks on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}\n`);
  let failed = false;
  for (const name of names) {
    console.log(`## ${name}`);
    const started = performance.now();
    try {
      const figures = await SUITES[name]!();
      const width = Math.max(...figures.map((f) => f.name.length), 10);
      for (const f of figures) console.log(`  ${f.name.padEnd(width)}  ${format(f.value).padStart(14)} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
    } catch (error) {
      failed = true;
      console.log(`  failed: ${(error as Error).stack ?? String(error)}`);
    }
    console.log(`  [suite took ${((performance.now() - started) / 1000).toFixed(1)} s]\n`);
  }
  if (failed) process.exit(1);
}

await main();
