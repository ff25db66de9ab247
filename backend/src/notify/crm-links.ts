/**
 * A link to a record in the CRM it came from: Salesforce Lightning record pages on the tenant's instance,
 * HubSpot record pages in the tenant's portal (companies are object 0-2, deals 0-3). Null when the record did
 * not come from a CRM (a CSV import) or the connection is unknown.
 */
export function crmRecordUrl(args: {
  source: string | null;
  object: 'account' | 'opportunity';
  externalId: string | null;
  salesforceInstanceUrl: string | null;
  hubspotPortalId: string | null;
}): string | null {
  if (!args.externalId) return null;
  const id = encodeURIComponent(args.externalId);
  if (args.source === 'salesforce' && args.salesforceInstanceUrl) {
    const base = args.salesforceInstanceUrl.replace(/\/+$/, '');
    return `${base}/lightning/r/${args.object === 'account' ? 'Account' : 'Opportunity'}/${id}/view`;
  }
  if (args.source === 'hubspot' && args.hubspotPortalId) {
    return `https://app.hubspot.com/contacts/${encodeURIComponent(args.hubspotPortalId)}/record/${args.object === 'account' ? '0-2' : '0-3'}/${id}`;
  }
  return null;
}

export function crmName(source: string | null): string | null {
  return source === 'salesforce' ? 'Salesforce' : source === 'hubspot' ? 'HubSpot' : null;
}
