import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  CARD_ROUTES,
  playCompleteRequestSchema,
  signalFeedQuerySchema,
  signalTransitionRequestSchema,
  taskToggleRequestSchema,
} from '@pillar/shared';
import type { Db } from '../../db/database';
import type { Clock } from '../../runtime';
import { completePlay, toggleTask, transitionSignal } from '../cards/card-actions';
import { readAccountHealth, readDealInsight, readPlayChecklist, readSignalFeed } from '../cards/card-reads';
import { crmLookup, type CardProvider } from '../cards/crm-lookup';
import { requestScope } from '../request-context';
import type { RequestScope } from '../tenant-work';
import { parseInput } from '../validate';

export const crmIdParamsSchema = z.object({ crmId: z.string().max(64) });
export const signalParamsSchema = z.object({ signalId: z.string().uuid() });
export const taskParamsSchema = z.object({ playId: z.string().uuid(), taskId: z.string().uuid() });
export const playParamsSchema = z.object({ playId: z.string().uuid() });

export interface CardRouteDeps {
  db: Db;
  clock: Clock;
  /** Authenticates the provider's requests and sets the actor (authenticateSalesforce / authenticateHubSpot). */
  authenticate: RequestHandler;
  /** Applied after authentication: the per-tenant rate limit. */
  afterAuth: RequestHandler[];
}

/** The card API of one CRM (CARD_ROUTES[…][provider]): every route authenticates, then runs in the actor's tenant. */
export function cardRoutes(provider: CardProvider, deps: CardRouteDeps): Router {
  const router = Router();
  const guard = [deps.authenticate, ...deps.afterAuth];
  const scopeOf = (req: Request, res: Response): RequestScope => requestScope(deps, req, res);
  const crmId = (req: Request) => crmLookup(provider, parseInput(crmIdParamsSchema, req.params, 'params').crmId);

  router.get(CARD_ROUTES.accountHealth[provider], guard, async (req: Request, res: Response) => {
    res.json(await readAccountHealth(scopeOf(req, res), crmId(req)));
  });
  router.get(CARD_ROUTES.dealInsight[provider], guard, async (req: Request, res: Response) => {
    res.json(await readDealInsight(scopeOf(req, res), crmId(req)));
  });
  router.get(CARD_ROUTES.accountPlays[provider], guard, async (req: Request, res: Response) => {
    res.json(await readPlayChecklist(scopeOf(req, res), 'account', crmId(req)));
  });
  router.get(CARD_ROUTES.dealPlays[provider], guard, async (req: Request, res: Response) => {
    res.json(await readPlayChecklist(scopeOf(req, res), 'opportunity', crmId(req)));
  });
  router.get(CARD_ROUTES.accountSignals[provider], guard, async (req: Request, res: Response) => {
    const account = crmId(req);
    res.json(await readSignalFeed(scopeOf(req, res), parseInput(signalFeedQuerySchema, req.query, 'query'), account));
  });
  router.get(CARD_ROUTES.mySignals[provider], guard, async (req: Request, res: Response) => {
    res.json(await readSignalFeed(scopeOf(req, res), parseInput(signalFeedQuerySchema, req.query, 'query'), null));
  });
  router.post(CARD_ROUTES.signalTransition[provider], guard, async (req: Request, res: Response) => {
    const { signalId } = parseInput(signalParamsSchema, req.params, 'params');
    const body = parseInput(signalTransitionRequestSchema, req.body, 'body');
    res.json(await transitionSignal(scopeOf(req, res), signalId, body));
  });
  router.put(CARD_ROUTES.taskToggle[provider], guard, async (req: Request, res: Response) => {
    const { playId, taskId } = parseInput(taskParamsSchema, req.params, 'params');
    const { done } = parseInput(taskToggleRequestSchema, req.body, 'body');
    res.json(await toggleTask(scopeOf(req, res), playId, taskId, done));
  });
  router.post(CARD_ROUTES.playComplete[provider], guard, async (req: Request, res: Response) => {
    const { playId } = parseInput(playParamsSchema, req.params, 'params');
    const body = parseInput(playCompleteRequestSchema, req.body, 'body');
    res.json(await completePlay(scopeOf(req, res), playId, body));
  });
  return router;
}
