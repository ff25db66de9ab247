import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import { PgTable as PgTableClass } from 'drizzle-orm/pg-core';
import * as schema from '../../backend/src/db/schema';
import type { TenantTx } from '../../backend/src/db/database';

/** Every table in the schema that has an org_id column: the tenant tables RLS must protect. */
export function tenantTables(): { name: string; table: PgTable }[] {
  return (Object.values(schema) as unknown[])
    .filter((value): value is PgTable => is(value, PgTableClass))
    .map((table) => ({ name: getTableConfig(table).name, table }))
    .filter(({ table }) => getTableConfig(table).columns.some((c) => c.name === 'org_id'))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * One realistic row in every tenant table for the current tenant (call inside withOrg). The isolation test
 * checks afterwards that every tenant table got a row, so a new table fails it until it is seeded here.
 */
export async function seedEveryTable(tx: TenantTx, orgId: string, tag: string): Promise<void> {
  const s = schema;
  const now = new Date('2026-11-01T12:00:00Z');
  const mirror = (externalId: string) => ({ orgId, source: 'csv' as const, externalId, sourceHash: `h-${externalId}` });
  const [user] = await tx.insert(s.users).values({ orgId, name: `Rep ${tag}`, email: `rep-${tag}@example.com`, externalId: `u-${tag}`, role: 'REP_CSM' }).returning();
  const [account] = await tx.insert(s.accounts).values({ ...mirror(`a-${tag}`), name: `Account ${tag}`, ownerId: user!.id, arr: 120000 }).returning();
  const [contact] = await tx.insert(s.contacts).values({ ...mirror(`c-${tag}`), accountId: account!.id, name: `Contact ${tag}`, buyingRole: 'champion' }).returning();
  const [product] = await tx.insert(s.products).values({ ...mirror(`p-${tag}`), name: `Product ${tag}` }).returning();
  const [opp] = await tx
    .insert(s.opportunities)
    .values({ ...mirror(`o-${tag}`), accountId: account!.id, ownerId: user!.id, productId: product!.id, name: `Deal ${tag}`, stage: 'Engaging', rawStage: 'Engaging', amount: 5000, closeDate: '2026-12-31' })
    .returning();
  await tx.insert(s.opportunityContacts).values({ ...mirror(`oc-${tag}`), opportunityId: opp!.id, contactId: contact!.id, role: 'Economic Buyer' });
  await tx.insert(s.renewals).values({ ...mirror(`r-${tag}`), accountId: account!.id, renewalDate: '2027-01-31', arr: 120000 });
  await tx.insert(s.activities).values({ ...mirror(`act-${tag}`), accountId: account!.id, opportunityId: opp!.id, type: 'meeting', occurredAt: now });
  await tx.insert(s.leads).values({ ...mirror(`l-${tag}`), accountId: account!.id, name: `Lead ${tag}` });
  await tx.insert(s.stageHistory).values({ orgId, source: 'csv', externalId: `sh-${tag}`, opportunityId: opp!.id, toStage: 'Engaging', changedAt: now });
  await tx.insert(s.accountScores).values({ orgId, accountId: account!.id, healthScore: 61, band: 'WATCH', categoryScores: {}, drivers: [], dataSufficiency: 0.8, profileVersion: 1, scoredAt: now });
  await tx.insert(s.scoreHistory).values({ orgId, accountId: account!.id, day: '2026-11-01', healthScore: 61 });
  await tx.insert(s.opportunityScores).values({ orgId, opportunityId: opp!.id, dealRisk: 40, dealRiskBand: 'MEDIUM', hygiene: 30, confidence: 60, winProbability: 0.4, forecastCategory: 'UPSIDE', drivers: [], profileVersion: 1, scoredAt: now });
  await tx.insert(s.models).values({ orgId, kind: 'win_probability', version: `v-${tag}`, coefficients: { bias: 0 } });
  await tx.insert(s.predictions).values({ orgId, opportunityId: opp!.id, modelVersion: `v-${tag}`, proba: 0.4, topFeatures: [] });
  await tx.insert(s.benchmarksCached).values({ orgId, kind: 'stage_median_days', key: 'Engaging', value: 21 });
  const [signal] = await tx
    .insert(s.signals)
    .values({ orgId, type: 'renewal_risk_warning', family: 'RENEWAL', severity: 'WARNING', state: 'ACTIVE', title: 'Renewal at risk', ruleId: 'RSK-001', threshold: { renewal_warning_score: 50 }, evidence: { risk: 62 }, confidence: 80, dedupeKey: `renewal:${tag}`, accountId: account!.id })
    .returning();
  await tx.insert(s.signalTransitions).values({ orgId, signalId: signal!.id, fromState: 'PENDING', toState: 'ACTIVE', actorKind: 'system' });
  const [template] = await tx
    .insert(s.playTemplates)
    .values({ orgId, key: `renewal_rescue_${tag}`, name: 'Renewal rescue', triggerSignalTypes: ['renewal_risk_warning'], tasks: [{ title: 'Call the champion', dueAfterHours: 24, owner: 'account_owner' }] })
    .returning();
  const [play] = await tx.insert(s.plays).values({ orgId, templateId: template!.id, templateKey: template!.key, name: 'Renewal rescue', signalId: signal!.id, accountId: account!.id, ownerId: user!.id, slaDueAt: now }).returning();
  await tx.insert(s.playTasks).values({ orgId, playId: play!.id, orderNum: 1, title: 'Call the champion', dueAt: now });
  await tx.insert(s.crmConnections).values({ orgId, provider: 'salesforce', externalOrgId: `00D${tag}`, credentials: 'ciphertext' });
  await tx.insert(s.crmFieldMappings).values({ orgId, provider: 'salesforce', object: 'Opportunity', pillarField: 'stage', crmField: 'StageName' });
  await tx.insert(s.syncCursors).values({ orgId, provider: 'salesforce', object: 'Account', watermark: now });
  await tx.insert(s.writebackState).values({ orgId, provider: 'salesforce', object: 'Account', externalId: `001${tag}`, written: { Pillar_Health_Score__c: 61 } });
  const [run] = await tx.insert(s.syncRuns).values({ orgId, provider: 'salesforce', kind: 'incremental', status: 'succeeded' }).returning();
  await tx.insert(s.integrationLogs).values({ orgId, runId: run!.id, level: 'info', event: 'sync.finished' });
  await tx.insert(s.scoringProfiles).values({ orgId, version: 1, profile: {}, active: true });
  await tx.insert(s.auditLog).values({ orgId, actorKind: 'system', action: 'seed', entity: 'organization', entityId: orgId });
  await tx.insert(s.apiTokens).values({ orgId, name: 'Salesforce', jti: `jti-${tag}`, scope: 'salesforce' });
  const [endpoint] = await tx.insert(s.webhookEndpoints).values({ orgId, url: 'https://example.com/hook', secret: 'ciphertext', events: ['signal.created'] }).returning();
  await tx.insert(s.notificationPreferences).values({ orgId, userId: user!.id, slackChannel: `D${tag}`, timezone: 'Europe/Berlin' });
  await tx.insert(s.notifications).values({ orgId, userId: user!.id, channel: 'slack', kind: 'signal.critical', signalId: signal!.id, destination: `D${tag}` });
  await tx.insert(s.digests).values({ orgId, userId: user!.id, period: 'daily', periodStart: '2026-11-01', subject: 'Your day', html: '<p>hi</p>', text: 'hi' });
  await tx.insert(s.starbridgeEvents).values({ orgId, eventId: `evt-${tag}`, type: 'rfp_published', accountId: account!.id, matchedBy: 'domain', payload: {}, occurredAt: now });
  await tx.insert(s.integrationSecrets).values({ orgId, kind: 'starbridge_webhook', secret: 'ciphertext' });
  await tx.insert(s.webhookDeliveries).values({ orgId, endpointId: endpoint!.id, eventId: signal!.id, event: 'signal.created', recordKey: `account:${account!.id}`, payload: {} });
}
