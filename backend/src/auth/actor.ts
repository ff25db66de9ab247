import type { Role } from '@pillar/shared';
import type { HttpError } from '../api/errors';
import type { TenantTx } from '../db/database';
import type { AuditEntry } from '../db/queries/audit';

/** How a request proved who it is. */
export type Channel = 'salesforce' | 'hubspot' | 'admin';

/** The authenticated person behind a request, inside one tenant. Every handler acts as an Actor. */
export interface Actor {
  orgId: string;
  userId: string;
  name: string;
  role: Role;
  channel: Channel;
  /** The api_tokens row the request presented (Salesforce and admin channels); null for signed HubSpot requests. */
  tokenId: string | null;
}

export type Identification = { actor: Actor } | { refused: HttpError; audit: AuditEntry | null };

/**
 * What authentication establishes before touching a tenant: which tenant (from a verified JWT or a verified
 * HubSpot signature), and how to find the acting user. `identify` runs as the first step of the request's one
 * tenant transaction (token row still live? user known and active?), so a request costs one transaction.
 */
export interface Credential {
  orgId: string;
  channel: Channel;
  identify(tx: TenantTx): Promise<Identification>;
}
