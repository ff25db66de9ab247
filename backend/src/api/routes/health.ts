import { Router } from 'express';
import type { Database } from '../../db/database';

/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers too). */
export function healthRoutes(database: Database): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const started = performance.now();
    try {
      await database.appPool.query('select 1');
      res.json({ status: 'ready', database: { status: 'up', latencyMs: Math.round(performance.now() - started) } });
    } catch (error) {
      res.status(503).json({ status: 'not_ready', database: { status: 'down', error: (error as Error).message } });
    }
  });
  return router;
}
