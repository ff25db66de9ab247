import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Db } from '../../db/database';
import type { Clock } from '../../runtime';
import {
  ADMIN_ROUTES,
  auditQuerySchema,
  issueTokenRequestSchema,
  tokenParamsSchema,
  userChangeRequestSchema,
  userParamsSchema,
  userUpsertRequestSchema,
} from '../admin/contracts';
import {
  changeUser,
  createToken,
  deleteToken,
  readAudit,
  readMe,
  readProfileVersions,
  readScoringProfile,
  readTokens,
  readUsers,
  saveUser,
  writeScoringProfile,
} from '../admin/admin-service';
import { requestScope } from '../request-context';
import type { RequestScope } from '../tenant-work';
import { parseInput } from '../validate';

export interface AdminRouteDeps {
  db: Db;
  clock: Clock;
  jwtSecret: string;
  authenticate: RequestHandler;
  afterAuth: RequestHandler[];
}

/** `/v1/admin/...`: tenant administration with an admin JWT; what each role may do is rbac's capability table. */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();
  const guard = [deps.authenticate, ...deps.afterAuth];
  const scopeOf = (req: Request, res: Response): RequestScope => requestScope(deps, req, res);

  router.get(ADMIN_ROUTES.me, guard, async (req: Request, res: Response) => {
    res.json(await readMe(scopeOf(req, res)));
  });
  router.get(ADMIN_ROUTES.scoringProfile, guard, async (req: Request, res: Response) => {
    res.json(await readScoringProfile(scopeOf(req, res)));
  });
  router.put(ADMIN_ROUTES.scoringProfile, guard, async (req: Request, res: Response) => {
    res.json(await writeScoringProfile(scopeOf(req, res), req.body));
  });
  router.get(ADMIN_ROUTES.scoringProfileVersions, guard, async (req: Request, res: Response) => {
    res.json(await readProfileVersions(scopeOf(req, res)));
  });
  router.get(ADMIN_ROUTES.tokens, guard, async (req: Request, res: Response) => {
    res.json(await readTokens(scopeOf(req, res)));
  });
  router.post(ADMIN_ROUTES.tokens, guard, async (req: Request, res: Response) => {
    const body = parseInput(issueTokenRequestSchema, req.body, 'body');
    res.status(201).json(await createToken(scopeOf(req, res), deps.jwtSecret, body));
  });
  router.delete(ADMIN_ROUTES.token, guard, async (req: Request, res: Response) => {
    const { tokenId } = parseInput(tokenParamsSchema, req.params, 'params');
    res.json(await deleteToken(scopeOf(req, res), tokenId));
  });
  router.get(ADMIN_ROUTES.audit, guard, async (req: Request, res: Response) => {
    const query = parseInput(auditQuerySchema, req.query, 'query');
    const { before, ...filter } = query;
    res.json(await readAudit(scopeOf(req, res), { ...filter, ...(before !== undefined ? { beforeId: before } : {}) }));
  });
  router.get(ADMIN_ROUTES.users, guard, async (req: Request, res: Response) => {
    res.json(await readUsers(scopeOf(req, res)));
  });
  router.post(ADMIN_ROUTES.users, guard, async (req: Request, res: Response) => {
    const body = parseInput(userUpsertRequestSchema, req.body, 'body');
    res.json(await saveUser(scopeOf(req, res), body));
  });
  router.patch(ADMIN_ROUTES.user, guard, async (req: Request, res: Response) => {
    const { userId } = parseInput(userParamsSchema, req.params, 'params');
    const body = parseInput(userChangeRequestSchema, req.body, 'body');
    res.json(await changeUser(scopeOf(req, res), userId, body));
  });
  return router;
}
