import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AuthDeps } from '../auth/auth-deps';
import { hubspotReplayGuard } from '../auth/auth-deps';
import { authenticateAdmin } from '../auth/authenticate-admin';
import { authenticateHubSpot } from '../auth/authenticate-hubspot';
import { authenticateSalesforce } from '../auth/authenticate-salesforce';
import type { Runtime } from '../runtime';
import { errorHandler, notFoundHandler } from './errors';
import { buildOpenApiDocument } from './openapi';
import { rateLimit, TokenBuckets } from './rate-limit';
import { rejectNulCharacters } from './reject-nul';
import type { RawBodyRequest } from './request-context';
import { adminRoutes } from './routes/admin';
import { cardRoutes } from './routes/cards';
import { connectionRoutes } from './routes/connections';
import { healthRoutes } from './routes/health';
import { webhooksAdminRoutes } from './routes/webhooks-admin';

export const BODY_LIMIT = '100kb';
export const API_VERSION = 'v1';

/** The HTTP app. Routers are mounted here and nowhere else; each takes what it needs from the runtime. */
export function createApp(runtime: Runtime): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: runtime.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  // The exact bytes are kept for HubSpot signatures, which are computed over the raw body, never re-serialised JSON.
  app.use(express.json({ limit: BODY_LIMIT, verify: (req, _res, buf) => void ((req as RawBodyRequest).rawBody = buf) }));
  app.use(rejectNulCharacters);
  app.use(healthRoutes(runtime.database));

  const openApi = buildOpenApiDocument(API_VERSION);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  const { config, clock } = runtime;
  const perIp = new TokenBuckets(config.PILLAR_RATE_LIMIT_PER_IP, 60_000);
  const perTenant = new TokenBuckets(config.PILLAR_RATE_LIMIT_PER_TENANT, 60_000);
  app.use('/v1', rateLimit(perIp, clock, 'address', (req) => req.ip ?? req.socket.remoteAddress ?? 'unknown'));
  const tenantLimit = rateLimit(perTenant, clock, 'organization', (_req, res) => (res.locals.credential as { orgId?: string } | undefined)?.orgId ?? null);

  const auth: AuthDeps = {
    db: runtime.database.db,
    clock,
    jwtSecret: runtime.keys.jwtSecret,
    hubspotClientSecret: config.HUBSPOT_CLIENT_SECRET,
    publicUrl: config.PILLAR_PUBLIC_URL,
    replayGuard: hubspotReplayGuard(),
  };
  if (!auth.hubspotClientSecret) runtime.logger.warn('HUBSPOT_CLIENT_SECRET is not set: HubSpot card requests will be refused (401)');
  const routeDeps = { db: runtime.database.db, clock, afterAuth: [tenantLimit] };
  app.use(cardRoutes('sf', { ...routeDeps, authenticate: authenticateSalesforce(auth) }));
  app.use(cardRoutes('hs', { ...routeDeps, authenticate: authenticateHubSpot(auth) }));
  app.use(adminRoutes({ ...routeDeps, jwtSecret: runtime.keys.jwtSecret, authenticate: authenticateAdmin(auth) }));
  app.use(connectionRoutes({ ...routeDeps, secretBox: runtime.keys.secretBox, logger: runtime.logger, authenticate: authenticateAdmin(auth), allowLoopbackLoginUrl: config.NODE_ENV !== 'production' }));
  app.use(webhooksAdminRoutes({ ...routeDeps, secretBox: runtime.keys.secretBox, authenticate: authenticateAdmin(auth) }));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
