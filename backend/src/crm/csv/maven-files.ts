import { z } from 'zod';
import { canonical } from './normalise';

/**
 * The files of the Maven "CRM Sales Opportunities" export and a zod schema per row. Columns are those of
 * data_dictionary.csv; every one is required in the header (a file without one is refused before anything
 * is written), values may be empty where the schema says optional. Rows reach the schemas trimmed, with
 * empty cells as undefined.
 */

const required = (what = 'a value') => z.string({ error: `${what} is required` });
/** A natural key (an id or a name other rows refer to): the mirror stores at most 255 characters. */
const key = (what: string) => required(what).max(255, { error: `${what} is longer than 255 characters` });

const day = z.string().transform((value, ctx) => {
  if (!isCalendarDay(value)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a date; expected YYYY-MM-DD` });
    return z.NEVER;
  }
  return value;
});

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Money fits numeric(18,2): anything from 10^15 up is a unit mix-up, not an amount. */
const amount = (max = 1e15) =>
  z.string().transform((value, ctx) => {
    if (!NUMBER.test(value)) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a number` });
      return z.NEVER;
    }
    const n = Number(value);
    if (n < 0) {
      ctx.addIssue({ code: 'custom', message: `${value} is negative; amounts must be zero or more` });
      return z.NEVER;
    }
    if (n >= max) {
      ctx.addIssue({ code: 'custom', message: `${value} is too large (the limit is ${max.toExponential()})` });
      return z.NEVER;
    }
    return n;
  });

const wholeNumber = (min: number, max: number) =>
  z.string().transform((value, ctx) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a whole number between ${min} and ${max}` });
      return z.NEVER;
    }
    return n;
  });

export const DEAL_STAGES = ['Prospecting', 'Engaging', 'Won', 'Lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];
const stageByLowerCase = new Map<string, DealStage>(DEAL_STAGES.map((s) => [s.toLowerCase(), s]));

const dealStage = required().transform((value, ctx) => {
  const stage = stageByLowerCase.get(value.toLowerCase());
  if (!stage) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a stage; expected one of ${DEAL_STAGES.join(', ')}` });
    return z.NEVER;
  }
  return stage;
});

export const accountRowSchema = z.object({
  account: key('an account name'),
  sector: z
    .string()
    .transform((v) => canonical('sector', v))
    .optional(),
  year_established: wholeNumber(1000, 2100).optional(),
  /** millions of USD */
  revenue: amount(1e9).optional(),
  employees: wholeNumber(0, 100_000_000).optional(),
  office_location: z
    .string()
    .transform((v) => canonical('country', v))
    .optional(),
  subsidiary_of: z.string().optional(),
});
export type AccountRow = z.infer<typeof accountRowSchema>;

export const productRowSchema = z.object({
  product: key('a product name').transform((v) => canonical('product', v)),
  series: z.string().optional(),
  sales_price: amount().optional(),
});
export type ProductRow = z.infer<typeof productRowSchema>;

export const salesTeamRowSchema = z.object({
  sales_agent: key('an agent name'),
  manager: z.string().max(255, { error: 'a manager name is longer than 255 characters' }).optional(),
  regional_office: z.string().optional(),
});
export type SalesTeamRow = z.infer<typeof salesTeamRowSchema>;

export const pipelineRowSchema = z
  .object({
    opportunity_id: key('an opportunity id'),
    sales_agent: z.string().optional(),
    product: z
      .string()
      .transform((v) => canonical('product', v))
      .optional(),
    account: z.string().optional(),
    deal_stage: dealStage,
    engage_date: day.optional(),
    close_date: day.optional(),
    close_value: amount().optional(),
  })
  .superRefine((row, ctx) => {
    const closed = row.deal_stage === 'Won' || row.deal_stage === 'Lost';
    if (closed && !row.close_date) ctx.addIssue({ code: 'custom', path: ['close_date'], message: `a ${row.deal_stage} deal needs a close date` });
    if (row.engage_date && row.close_date && row.close_date < row.engage_date) {
      ctx.addIssue({ code: 'custom', path: ['close_date'], message: `${row.close_date} is before the engage_date ${row.engage_date}` });
    }
  });
export type PipelineRow = z.infer<typeof pipelineRowSchema>;

export type MavenFileName = 'sales_teams.csv' | 'accounts.csv' | 'products.csv' | 'sales_pipeline.csv';

/** The files in the order they are imported: people and catalogues before the deals that reference them. */
export const MAVEN_FILES = [
  { name: 'sales_teams.csv', columns: Object.keys(salesTeamRowSchema.shape) },
  { name: 'accounts.csv', columns: Object.keys(accountRowSchema.shape) },
  { name: 'products.csv', columns: Object.keys(productRowSchema.shape) },
  { name: 'sales_pipeline.csv', columns: Object.keys(pipelineRowSchema.shape) },
] as const satisfies ReadonlyArray<{ name: MavenFileName; columns: readonly string[] }>;

export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
