import { findConnection } from '../db/queries/connections';
import { withOrg } from '../db/tenant';
import type { Runtime } from '../runtime';
import type { CrmConnector } from './connector';
import { createSalesforceConnector } from './salesforce/connection';

/**
 * The tenant's live CRM connector, or null when it has none (a CSV-only tenant, or a disconnected one).
 * HubSpot joins here when its connector exists.
 */
export function connectorResolver(runtime: Pick<Runtime, 'database' | 'keys' | 'clock' | 'logger'>): (orgId: string) => Promise<CrmConnector | null> {
  return async (orgId) => {
    const row = await withOrg(runtime.database.db, orgId, (tx) => findConnection(tx, 'salesforce'));
    if (!row || row.status === 'disconnected') return null;
    return createSalesforceConnector({ db: runtime.database.db, orgId, secretBox: runtime.keys.secretBox, clock: runtime.clock, logger: runtime.logger });
  };
}
