import { hubspotIdSchema } from '@pillar/shared';
import { salesforceIdForms } from '../../auth/salesforce-id';
import { HttpError } from '../errors';

/** Which CRM a card route serves: `sf` paths carry Salesforce ids, `hs` paths HubSpot ids. */
export type CardProvider = 'sf' | 'hs';

/** How to find a record by the CRM id in the path: its source and every stored spelling of the id. */
export interface CrmLookup {
  source: 'salesforce' | 'hubspot';
  crmId: string;
  externalIds: string[];
}

export function crmLookup(provider: CardProvider, crmId: string): CrmLookup {
  if (provider === 'sf') {
    const forms = salesforceIdForms(crmId);
    if (!forms) throw badCrmId('must be a 15 or 18 character Salesforce id');
    return { source: 'salesforce', crmId: forms.id18, externalIds: [forms.id18, forms.id15] };
  }
  if (!hubspotIdSchema.safeParse(crmId).success) throw badCrmId('must be a numeric HubSpot object id');
  return { source: 'hubspot', crmId, externalIds: [crmId] };
}

function badCrmId(message: string): HttpError {
  return new HttpError(400, 'BAD_REQUEST', `params.crmId: ${message}`, [{ path: 'params.crmId', message }]);
}
