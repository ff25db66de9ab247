import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Random, deriveSeed } from './prng';
import { companyName, personName } from './vocabulary';

/**
 * Writes an export in the layout of the Maven "CRM Sales Opportunities" dataset, `scale` times its size
 * (scale 100: 8,500 accounts, 3,500 agents, 880,000 deals), for the import benchmark and import tests.
 * It streams row by row, so memory does not grow with the scale, and it keeps the real export's shape and
 * flaws: the stage mix, the sector spelled "technolgy", the product "GTXPro", open deals without an account.
 */

export const writeMavenCsvOptionsSchema = z.object({
  dir: z.string().min(1),
  seed: z.number().int(),
  /** 1 = the size of the Maven export (85 accounts, 35 agents, 8,800 deals). */
  scale: z.number().positive(),
  now: z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => (typeof v === 'string' ? new Date(v) : v)),
});
export type WriteMavenCsvOptions = z.input<typeof writeMavenCsvOptionsSchema>;

export interface MavenExportCounts {
  accounts: number;
  agents: number;
  managers: number;
  products: number;
  opportunities: number;
  stages: Record<'Won' | 'Lost' | 'Engaging' | 'Prospecting', number>;
  /** Open deals written with an empty account. */
  withoutAccount: number;
  /** Data rows over all files. */
  rows: number;
}

/** The real export's catalogue (products.csv) and how often each product is sold (sales_pipeline.csv). */
const PRODUCTS = [
  { name: 'GTX Basic', series: 'GTX', price: 550, deals: 1866 },
  { name: 'GTX Pro', series: 'GTX', price: 4821, deals: 1480, pipelineSpelling: 'GTXPro' },
  { name: 'MG Special', series: 'MG', price: 55, deals: 1651 },
  { name: 'MG Advanced', series: 'MG', price: 3393, deals: 1412 },
  { name: 'GTX Plus Pro', series: 'GTX', price: 5482, deals: 968 },
  { name: 'GTX Plus Basic', series: 'GTX', price: 1096, deals: 1383 },
  { name: 'GTK 500', series: 'GTK', price: 26768, deals: 40 },
] as const;

const STAGES = [
  ['Won', 4238],
  ['Lost', 2473],
  ['Engaging', 1589],
  ['Prospecting', 500],
] as const;

const SECTORS = [
  ['retail', 17],
  ['technolgy', 12],
  ['medical', 12],
  ['software', 7],
  ['finance', 8],
  ['marketing', 8],
  ['entertainment', 6],
  ['telecommunications', 6],
  ['services', 5],
  ['employment', 4],
] as const;

const OFFICES = [
  ['United States', 71],
  ['Philipines', 1],
  ['Kenya', 1],
  ['Germany', 1],
  ['Japan', 1],
  ['Norway', 1],
  ['Brazil', 1],
  ['Poland', 1],
  ['Korea', 1],
  ['Belgium', 1],
  ['China', 1],
  ['Italy', 1],
  ['Jordan', 1],
  ['Panama', 1],
  ['Romania', 1],
] as const;

const REGIONAL_OFFICES = ['Central', 'East', 'West'] as const;
const DAY = 86_400_000;
/** Share of open deals with no account in the real export (1,425 of 2,089). */
const OPEN_WITHOUT_ACCOUNT = 1425 / 2089;

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function writeCsv(filePath: string, header: readonly string[], rows: Iterable<ReadonlyArray<string | number | null>>): Promise<number> {
  const out = createWriteStream(filePath);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  let count = 0;
  let chunk = `${header.join(',')}\r\n`;
  for (const row of rows) {
    chunk += `${row.map(csvCell).join(',')}\r\n`;
    count++;
    if (chunk.length > 64 * 1024) {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
      chunk = '';
    }
  }
  out.end(chunk);
  await Promise.race([once(out, 'finish'), failed]);
  return count;
}

/** A distinct 8-character id per index (an affine bijection on 36^8), in the style of the export's ids. */
function opportunityId(index: number, offset: number): string {
  const space = 36 ** 8;
  return ((index * 2_654_435 + offset) % space).toString(36).toUpperCase().padStart(8, '0');
}

export async function writeMavenCsv(input: WriteMavenCsvOptions): Promise<MavenExportCounts> {
  const options = writeMavenCsvOptionsSchema.parse(input);
  const now = options.now.getTime();
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const accountCount = Math.max(1, Math.round(85 * options.scale));
  const agentCount = Math.max(1, Math.round(35 * options.scale));
  const managerCount = Math.max(1, Math.round(6 * options.scale));
  const dealCount = Math.round(8800 * options.scale);
  await fs.mkdir(options.dir, { recursive: true });

  const accountNames = Array.from({ length: accountCount }, (_, i) => companyName(i));
  const managers = Array.from({ length: managerCount }, (_, m) => ({ name: personName(agentCount + m).full, office: REGIONAL_OFFICES[m % REGIONAL_OFFICES.length]! }));
  const agents = Array.from({ length: agentCount }, (_, a) => ({ name: personName(a).full, manager: managers[a % managerCount]! }));
  // As in the real export, about one agent in seven owns no deal.
  const dealAgents = agents.filter((_, a) => a % 7 !== 6);

  const accountsRandom = new Random(deriveSeed(options.seed, 'maven-accounts'));
  const accountRows = function* () {
    for (let i = 0; i < accountCount; i++) {
      const employees = Math.round(accountsRandom.logUniform(9, 35_000));
      const parent = i > 10 && accountsRandom.chance(0.18) ? accountNames[accountsRandom.int(0, i - 1)]! : null;
      yield [
        accountNames[i]!,
        accountsRandom.weighted(SECTORS),
        accountsRandom.int(1979, 2017),
        (employees * accountsRandom.between(0.15, 0.6)).toFixed(2),
        employees,
        accountsRandom.weighted(OFFICES),
        parent,
      ];
    }
  };

  const dealsRandom = new Random(deriveSeed(options.seed, 'maven-deals'));
  const idOffset = deriveSeed(options.seed, 'maven-ids');
  const stages = { Won: 0, Lost: 0, Engaging: 0, Prospecting: 0 };
  let withoutAccount = 0;
  const dealRows = function* () {
    for (let i = 0; i < dealCount; i++) {
      const stage = dealsRandom.weighted(STAGES);
      stages[stage]++;
      const product = dealsRandom.weighted(PRODUCTS.map((p) => [p, p.deals] as const));
      const closed = stage === 'Won' || stage === 'Lost';
      const noAccount = !closed && dealsRandom.chance(OPEN_WITHOUT_ACCOUNT);
      if (noAccount) withoutAccount++;
      const engaged = stage === 'Prospecting' ? null : now - dealsRandom.int(30, 450) * DAY;
      const closedAt = closed && engaged !== null ? Math.min(now - DAY, engaged + dealsRandom.int(1, 138) * DAY) : null;
      yield [
        opportunityId(i, idOffset),
        dealsRandom.pick(dealAgents).name,
        'pipelineSpelling' in product ? product.pipelineSpelling : product.name,
        noAccount ? null : accountNames[dealsRandom.int(0, accountCount - 1)]!,
        stage,
        engaged === null ? null : dayOf(engaged),
        closedAt === null ? null : dayOf(closedAt),
        stage === 'Won' ? Math.round(product.price * dealsRandom.between(0.85, 1.15)) : stage === 'Lost' ? 0 : null,
      ];
    }
  };

  const dir = options.dir;
  let rows = 0;
  rows += await writeCsv(path.join(dir, 'accounts.csv'), ['account', 'sector', 'year_established', 'revenue', 'employees', 'office_location', 'subsidiary_of'], accountRows());
  rows += await writeCsv(path.join(dir, 'products.csv'), ['product', 'series', 'sales_price'], PRODUCTS.map((p) => [p.name, p.series, p.price]));
  rows += await writeCsv(path.join(dir, 'sales_teams.csv'), ['sales_agent', 'manager', 'regional_office'], agents.map((a) => [a.name, a.manager.name, a.manager.office]));
  rows += await writeCsv(
    path.join(dir, 'sales_pipeline.csv'),
    ['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage', 'engage_date', 'close_date', 'close_value'],
    dealRows(),
  );
  return { accounts: accountCount, agents: agentCount, managers: managerCount, products: PRODUCTS.length, opportunities: dealCount, stages, withoutAccount, rows };
}
