import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { PullReport, WritebackReport } from '../../crm/connector';
import {
  ConnectError,
  connectSalesforceOrg,
  createSalesforceConnector,
  disconnectSalesforceOrg,
  readSalesforceConnection,
  salesforceAuthInputSchema,
  type ClientTuning,
  type SalesforceConnectionDeps,
} from '../../crm/salesforce/connection';
import { DEFAULT_GOVERNOR_POLICY, admit } from '../../crm/salesforce/governor';
import { RunRefusedError } from '../../crm/salesforce/sync/run-lease';
import type { Db } from '../../db/database';
import { findConnection } from '../../db/queries/connections';
import { recentRuns } from '../../db/queries/sync';
import type { Clock } from '../../runtime';
import type { SecretBox } from '../../security/secret-box';
import { HttpError, notFound } from '../errors';
import type { Actor } from '../../auth/actor';
import { requestScope } from '../request-context';
import { authorizeCapability, inTenant, type RequestScope } from '../tenant-work';
import { parseInput } from '../validate';

/**
 * `/v1/admin/connections/salesforce`: connect, disconnect, status and "sync now", for ADMINs
 * (capability connections.manage). Credentials go in once and never come back out.
 */
export const CONNECTION_ROUTES = {
  salesforce: '/v1/admin/connections/salesforce',
  salesforceSync: '/v1/admin/connections/salesforce/sync',
} as const;

const SALESFORCE_HOSTS = [/^login\.salesforce\.com$/, /^test\.salesforce\.com$/, /\.salesforce\.com$/, /\.force\.com$/, /\.cloudforce\.com$/];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Where Pillar may send credentials: Salesforce's own hosts over https (and loopback emulators outside production). */
export function loginUrlAllowed(value: string, allowLoopback: boolean): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (allowLoopback && LOOPBACK_HOSTS.has(url.hostname)) return url.protocol === 'http:' || url.protocol === 'https:';
  return url.protocol === 'https:' && url.username === '' && url.password === '' && SALESFORCE_HOSTS.some((h) => h.test(url.hostname));
}

export const connectRequestSchema = z.object({
  loginUrl: z.string().trim().url().default('https://login.salesforce.com'),
  audience: z.string().trim().url().optional(),
  apiVersion: z.string().regex(/^\d{2}\.0$/, 'an API version like 62.0').optional(),
  namespace: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,14}$/, 'a namespace prefix (letters and digits)').optional(),
  auth: salesforceAuthInputSchema,
});

export const syncRequestSchema = z.object({
  full: z.boolean().default(false),
  /** Also write back the scores that changed, after a successful pull. */
  writeBack: z.boolean().default(true),
});

export interface ConnectionRouteDeps {
  db: Db;
  clock: Clock;
  secretBox: SecretBox;
  logger: Logger;
  authenticate: RequestHandler;
  afterAuth: RequestHandler[];
  /** Accept loopback login URLs (local emulator); never in production. */
  allowLoopbackLoginUrl: boolean;
  /** Client tuning for the runs this router starts (tests make retries instant). */
  client?: ClientTuning;
  /** Told about every run started in the background (its settled promise), e.g. to await it in tests. */
  onBackgroundRun?: (run: Promise<void>) => void;
}

export function connectionRoutes(deps: ConnectionRouteDeps): Router {
  const router = Router();
  const guard = [deps.authenticate, ...deps.afterAuth];
  const running = new Set<string>();
  const scopeOf = (req: Request, res: Response): RequestScope => requestScope(deps, req, res);
  const connectionDeps = (orgId: string): SalesforceConnectionDeps => ({
    db: deps.db,
    orgId,
    secretBox: deps.secretBox,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.client ? { client: deps.client } : {}),
  });
  /** Identifies the admin and checks the capability in the tenant (a denial is audited) before anything else happens. */
  const allowed = (scope: RequestScope): Promise<Actor> =>
    inTenant(scope, async (_tx, actor) => {
      authorizeCapability(actor, 'connections.manage');
      return actor;
    });

  router.get(CONNECTION_ROUTES.salesforce, guard, async (req: Request, res: Response) => {
    const scope = scopeOf(req, res);
    const actor = await allowed(scope);
    // Read before the state: once `running` is false, the connection and runs below include the run's end.
    const isRunning = running.has(actor.orgId);
    const connection = await readSalesforceConnection(connectionDeps(actor.orgId));
    const runs = await inTenant(scope, (tx) => recentRuns(tx, 'salesforce', 10));
    res.json({
      connection,
      running: isRunning,
      runs: runs.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null })),
    });
  });

  router.post(CONNECTION_ROUTES.salesforce, guard, async (req: Request, res: Response) => {
    const scope = scopeOf(req, res);
    const actor = await allowed(scope);
    const body = parseInput(connectRequestSchema, req.body, 'body');
    if (!loginUrlAllowed(body.loginUrl, deps.allowLoopbackLoginUrl)) {
      throw new HttpError(400, 'BAD_REQUEST', 'body.loginUrl: must be an https Salesforce login host (login.salesforce.com, test.salesforce.com or a My Domain)', [
        { path: 'body.loginUrl', message: 'not a Salesforce login host' },
      ]);
    }
    try {
      const connected = await connectSalesforceOrg(connectionDeps(actor.orgId), body, { id: actor.userId, kind: 'user' });
      res.status(201).json({ connection: connected.connection, resetState: connected.resetState });
    } catch (error) {
      if (error instanceof ConnectError) throw new HttpError(422, 'UNPROCESSABLE', `Salesforce refused the credentials: ${error.message}`);
      throw error;
    }
  });

  router.delete(CONNECTION_ROUTES.salesforce, guard, async (req: Request, res: Response) => {
    const scope = scopeOf(req, res);
    const actor = await allowed(scope);
    const view = await disconnectSalesforceOrg(connectionDeps(actor.orgId), { id: actor.userId, kind: 'user' });
    if (!view) throw notFound('This organization has no Salesforce connection');
    res.json({ connection: view });
  });

  router.post(CONNECTION_ROUTES.salesforceSync, guard, async (req: Request, res: Response) => {
    const scope = scopeOf(req, res);
    const actor = await allowed(scope);
    const body = parseInput(syncRequestSchema, req.body ?? {}, 'body');
    const orgId = actor.orgId;
    const row = await inTenant(scope, (tx) => findConnection(tx, 'salesforce'));
    if (!row) throw notFound('This organization has no Salesforce connection');
    const admission = admit(row, scope.now, DEFAULT_GOVERNOR_POLICY);
    if (!admission.admit) throw new HttpError(409, 'CONFLICT', admission.reason, { code: admission.code, retryAt: admission.retryAt?.toISOString() ?? null });
    if (running.has(orgId)) throw new HttpError(409, 'CONFLICT', 'A sync started from here is still running.', { code: 'BUSY', retryAt: null });
    running.add(orgId);
    const connector = createSalesforceConnector(connectionDeps(orgId));
    const run = (async () => {
      try {
        const pull: PullReport = await connector.pull({ full: body.full });
        let writeback: WritebackReport | null = null;
        if (body.writeBack && pull.status === 'succeeded') writeback = await connector.writeBack();
        deps.logger.info({ orgId, pull: { runId: pull.runId, status: pull.status }, writeback: writeback && { runId: writeback.runId, status: writeback.status } }, 'sync requested by an admin finished');
      } catch (error) {
        if (error instanceof RunRefusedError) deps.logger.warn({ orgId, code: error.code }, error.message);
        else deps.logger.error({ err: error, orgId }, 'sync requested by an admin failed');
      } finally {
        running.delete(orgId);
      }
    })();
    deps.onBackgroundRun?.(run);
    res.status(202).json({ accepted: true, full: body.full, writeBack: body.writeBack, status: `${CONNECTION_ROUTES.salesforce}` });
  });

  return router;
}
