import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

/** Every setting Pillar reads from the environment, validated once at start (README "Configuration"). */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** A Postgres owner/migrator URL. Unset: Pillar runs an embedded Postgres in PILLAR_DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  PILLAR_DATA_DIR: z.string().min(1).default('.pillar'),
  /** Port for the embedded Postgres (0 picks a free one). */
  PILLAR_EMBEDDED_PG_PORT: port.default(54329),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Signs tenant API tokens and admin JWTs. Required in production; a per-data-dir key is generated otherwise. */
  PILLAR_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** 32-byte key (base64 or hex) for AES-256-GCM encryption of CRM credentials at rest. */
  PILLAR_ENCRYPTION_KEY: z.string().min(32).optional(),
  PILLAR_PUBLIC_URL: z.string().url().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_API_URL: z.string().url().optional(),
  HUBSPOT_CLIENT_SECRET: z.string().optional(),
  /**
   * API rate limits, requests per minute (token buckets, burst = one minute's worth). Kept in memory by each
   * process: with N API processes a client may get up to N × the limit. Per IP is generous because Salesforce
   * and HubSpot call from shared egress addresses; per tenant bounds one organization's load.
   */
  PILLAR_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(3000),
  PILLAR_RATE_LIMIT_PER_TENANT: z.coerce.number().int().min(1).default(1200),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production') {
    const missing = (['DATABASE_URL', 'PILLAR_JWT_SECRET', 'PILLAR_ENCRYPTION_KEY'] as const).filter((k) => !config[k]);
    if (missing.length) throw new ConfigError(`Invalid configuration:\n${missing.map((k) => `  ${k}: required in production`).join('\n')}`);
  }
  return { ...config, dataDir: path.resolve(config.PILLAR_DATA_DIR) };
}
