/**
 * The card API's paths, shared by the backend router, the Apex client and the HubSpot fetch helper.
 * `:provider` is `sf` (Salesforce ids) or `hs` (HubSpot ids).
 */
export const CARD_ROUTES = {
  accountHealth: { sf: '/v1/sf/accounts/:crmId/health', hs: '/v1/hs/companies/:crmId/health' },
  dealInsight: { sf: '/v1/sf/opportunities/:crmId/insight', hs: '/v1/hs/deals/:crmId/insight' },
  accountPlays: { sf: '/v1/sf/accounts/:crmId/plays', hs: '/v1/hs/companies/:crmId/plays' },
  dealPlays: { sf: '/v1/sf/opportunities/:crmId/plays', hs: '/v1/hs/deals/:crmId/plays' },
  accountSignals: { sf: '/v1/sf/accounts/:crmId/signals', hs: '/v1/hs/companies/:crmId/signals' },
  mySignals: { sf: '/v1/sf/me/signals', hs: '/v1/hs/me/signals' },
  signalTransition: { sf: '/v1/sf/signals/:signalId/transitions', hs: '/v1/hs/signals/:signalId/transitions' },
  taskToggle: { sf: '/v1/sf/plays/:playId/tasks/:taskId', hs: '/v1/hs/plays/:playId/tasks/:taskId' },
  playComplete: { sf: '/v1/sf/plays/:playId/complete', hs: '/v1/hs/plays/:playId/complete' },
} as const;

/**
 * The HTTP method of each card route. Apex callouts cannot send PATCH, so marking a task done or not done is
 * an idempotent PUT of `{ done }`.
 */
export const CARD_METHODS = {
  accountHealth: 'GET',
  dealInsight: 'GET',
  accountPlays: 'GET',
  dealPlays: 'GET',
  accountSignals: 'GET',
  mySignals: 'GET',
  signalTransition: 'POST',
  taskToggle: 'PUT',
  playComplete: 'POST',
} as const satisfies Record<keyof typeof CARD_ROUTES, 'GET' | 'POST' | 'PUT'>;

/** Salesforce callouts name the acting user in this header (the Named Credential adds the tenant token). */
export const SALESFORCE_USER_HEADER = 'X-Pillar-Salesforce-User';
