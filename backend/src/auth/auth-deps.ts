import type { Db } from '../db/database';
import type { Clock } from '../runtime';
import { ReplayGuard } from './replay-guard';
import { HUBSPOT_SIGNATURE_MAX_AGE_MS } from './hubspot-signature';

/** What the authentication middlewares need; built once per app from the runtime. */
export interface AuthDeps {
  db: Db;
  clock: Clock;
  /** Signs and verifies Pillar's JWTs (PILLAR_JWT_SECRET or the data dir's generated key). */
  jwtSecret: string;
  /** The HubSpot app's client secret; unset: every HubSpot request is refused. */
  hubspotClientSecret: string | undefined;
  /** The public base URL HubSpot calls (behind a proxy); unset: rebuilt from the request. */
  publicUrl: string | undefined;
  replayGuard: ReplayGuard;
}

export function hubspotReplayGuard(): ReplayGuard {
  return new ReplayGuard(2 * HUBSPOT_SIGNATURE_MAX_AGE_MS);
}
