import type { Role } from '@pillar/shared';

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
