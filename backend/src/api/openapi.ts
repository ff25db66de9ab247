import { z } from 'zod';
import {
  accountHealthCardSchema,
  apiErrorSchema,
  CARD_METHODS,
  CARD_ROUTES,
  dealInsightCardSchema,
  hubspotIdSchema,
  playCardSchema,
  playChecklistSchema,
  playCompleteRequestSchema,
  SALESFORCE_USER_HEADER,
  salesforceIdSchema,
  signalCardSchema,
  signalFeedQuerySchema,
  signalFeedSchema,
  signalTransitionRequestSchema,
  taskToggleRequestSchema,
} from '@pillar/shared';
import {
  ADMIN_ROUTES,
  adminMeSchema,
  apiTokenSchema,
  auditListResponseSchema,
  auditQuerySchema,
  issuedTokenResponseSchema,
  issueTokenRequestSchema,
  profileVersionsResponseSchema,
  scoringProfileResponseSchema,
  tokenListResponseSchema,
  tokenParamsSchema,
  userChangeRequestSchema,
  adminUserSchema,
  userListResponseSchema,
  userParamsSchema,
  userUpsertRequestSchema,
} from './admin/contracts';
import { playParamsSchema, signalParamsSchema, taskParamsSchema } from './routes/cards';

type JsonSchema = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Operation {
  method: Method;
  path: string;
  id: string;
  summary: string;
  tag: 'Salesforce cards' | 'HubSpot cards' | 'Admin';
  security: 'salesforce' | 'hubspot' | 'admin';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: string;
  response: string;
  status?: number;
}

/** Named schemas: responses are documented as produced (output), requests as accepted (input). */
const RESPONSES: Record<string, z.ZodType> = {
  ApiError: apiErrorSchema,
  AccountHealthCard: accountHealthCardSchema,
  DealInsightCard: dealInsightCardSchema,
  PlayChecklist: playChecklistSchema,
  PlayCard: playCardSchema,
  SignalCard: signalCardSchema,
  SignalFeed: signalFeedSchema,
  AdminMe: adminMeSchema,
  ScoringProfileResponse: scoringProfileResponseSchema,
  ProfileVersions: profileVersionsResponseSchema,
  ApiToken: apiTokenSchema,
  TokenList: tokenListResponseSchema,
  IssuedToken: issuedTokenResponseSchema,
  AuditList: auditListResponseSchema,
  AdminUser: adminUserSchema,
  UserList: userListResponseSchema,
};
const REQUESTS: Record<string, z.ZodType> = {
  SignalTransitionRequest: signalTransitionRequestSchema,
  TaskToggleRequest: taskToggleRequestSchema,
  PlayCompleteRequest: playCompleteRequestSchema,
  IssueTokenRequest: issueTokenRequestSchema,
  UserUpsertRequest: userUpsertRequestSchema,
  UserChangeRequest: userChangeRequestSchema,
  /** The scoring profile an admin saves (shared/src/scoring/profile.ts); documented loosely, validated strictly. */
  ScoringProfileInput: z.record(z.string(), z.unknown()),
};

const CARD_OPERATIONS: Record<keyof typeof CARD_ROUTES, { summary: string; params?: z.ZodObject; query?: z.ZodObject; body?: string; response: string }> = {
  accountHealth: { summary: 'Account health card: score, band, trend, categories, drivers, renewal risk, open signals', response: 'AccountHealthCard' },
  dealInsight: { summary: 'Deal insight card: win probability, deal risk, hygiene, confidence, forecast category, next action', response: 'DealInsightCard' },
  accountPlays: { summary: "The account's plays with their task checklists", response: 'PlayChecklist' },
  dealPlays: { summary: "The deal's plays with their task checklists", response: 'PlayChecklist' },
  accountSignals: { summary: "The account's signals (open ones unless a state is given)", query: signalFeedQuerySchema, response: 'SignalFeed' },
  mySignals: { summary: "The signals of the acting user's records (or team's, for managers; everything for leaders)", query: signalFeedQuerySchema, response: 'SignalFeed' },
  signalTransition: { summary: 'Acknowledge, start, resolve or suppress a signal (409 for an illegal transition)', params: signalParamsSchema, body: 'SignalTransitionRequest', response: 'SignalCard' },
  taskToggle: { summary: 'Mark a play task done or not done', params: taskParamsSchema, body: 'TaskToggleRequest', response: 'PlayCard' },
  playComplete: { summary: 'Complete a play with an outcome once every task is done (409 otherwise)', params: playParamsSchema, body: 'PlayCompleteRequest', response: 'PlayCard' },
};

const ADMIN_OPERATIONS: Operation[] = [
  { method: 'get', path: ADMIN_ROUTES.me, id: 'adminMe', summary: 'Who the admin token acts as', response: 'AdminMe' },
  { method: 'get', path: ADMIN_ROUTES.scoringProfile, id: 'getScoringProfile', summary: 'The active scoring profile', response: 'ScoringProfileResponse' },
  { method: 'put', path: ADMIN_ROUTES.scoringProfile, id: 'putScoringProfile', summary: 'Save a new scoring profile version (ADMIN)', body: 'ScoringProfileInput', response: 'ScoringProfileResponse' },
  { method: 'get', path: ADMIN_ROUTES.scoringProfileVersions, id: 'listScoringProfileVersions', summary: 'Every saved scoring profile version', response: 'ProfileVersions' },
  { method: 'get', path: ADMIN_ROUTES.tokens, id: 'listTokens', summary: 'API tokens of the tenant (ADMIN)', response: 'TokenList' },
  { method: 'post', path: ADMIN_ROUTES.tokens, id: 'issueToken', summary: 'Issue a Salesforce tenant token (ADMIN); the token is shown once', body: 'IssueTokenRequest', response: 'IssuedToken', status: 201 },
  { method: 'delete', path: ADMIN_ROUTES.token, id: 'revokeToken', summary: 'Revoke a token (ADMIN)', params: tokenParamsSchema, response: 'ApiToken' },
  { method: 'get', path: ADMIN_ROUTES.audit, id: 'listAudit', summary: 'The audit log, newest first', query: auditQuerySchema, response: 'AuditList' },
  { method: 'get', path: ADMIN_ROUTES.users, id: 'listUsers', summary: 'Users and roles', response: 'UserList' },
  { method: 'post', path: ADMIN_ROUTES.users, id: 'upsertUser', summary: 'Map a CRM user to a Pillar user and role (ADMIN)', body: 'UserUpsertRequest', response: 'AdminUser' },
  { method: 'patch', path: ADMIN_ROUTES.user, id: 'changeUser', summary: "Change a user's role, manager or active flag (ADMIN)", params: userParamsSchema, body: 'UserChangeRequest', response: 'AdminUser' },
].map((op) => ({ ...op, method: op.method as Method, tag: 'Admin' as const, security: 'admin' as const }));

function cardOperations(): Operation[] {
  return (Object.keys(CARD_ROUTES) as (keyof typeof CARD_ROUTES)[]).flatMap((key) =>
    (['sf', 'hs'] as const).map((provider) => ({
      ...CARD_OPERATIONS[key],
      method: CARD_METHODS[key].toLowerCase() as Method,
      path: CARD_ROUTES[key][provider],
      id: `${key}${provider === 'sf' ? 'Salesforce' : 'HubSpot'}`,
      tag: provider === 'sf' ? ('Salesforce cards' as const) : ('HubSpot cards' as const),
      security: provider === 'sf' ? ('salesforce' as const) : ('hubspot' as const),
    })),
  );
}

function schemasOf(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _drop, $id: _id, ...rest } = schema as JsonSchema;
      return [id, rest];
    }),
  );
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(op: Operation): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  const pathNames = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const paramShapes = op.params?.shape as Record<string, z.ZodType> | undefined;
  for (const name of pathNames) {
    const schema = paramShapes?.[name] ?? (op.security === 'salesforce' ? salesforceIdSchema : op.security === 'hubspot' ? hubspotIdSchema : z.string());
    parameters.push({ name, in: 'path', required: true, schema: jsonSchemaOf(schema) });
  }
  if (op.query) {
    const query = jsonSchemaOf(op.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema, explode: true });
    }
  }
  if (op.security === 'salesforce') {
    parameters.push({ name: SALESFORCE_USER_HEADER, in: 'header', required: true, description: 'The acting Salesforce user id (15 or 18 characters)', schema: jsonSchemaOf(salesforceIdSchema) });
  }
  return parameters;
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Malformed request; the message and details name the field',
  '401': 'Missing, invalid, expired or revoked credentials',
  '403': 'Authenticated, but the role or record team does not allow this (audited)',
  '404': 'No such record in this tenant',
  '409': 'The change conflicts with the current state',
  '413': 'Request body larger than the limit',
  '429': 'Rate limited; see Retry-After',
};

/** The OpenAPI 3.1 description of the API, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(version: string): JsonSchema {
  const operations = [...cardOperations(), ...ADMIN_OPERATIONS];
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    const errors = Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([status, description]) => [status, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } }]));
    (paths[path] ??= {})[op.method] = {
      operationId: op.id,
      summary: op.summary,
      tags: [op.tag],
      security: [{ [op.security === 'salesforce' ? 'salesforceToken' : op.security === 'hubspot' ? 'hubspotSignature' : 'adminToken']: [] }],
      parameters: parametersOf(op),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body}` } } } } } : {}),
      responses: {
        [String(op.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.response}` } } } },
        ...errors,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pillar API',
      version,
      description: 'Card endpoints for the Salesforce and HubSpot record pages, and the admin API. Errors are { error: { code, message, details } }.',
    },
    paths,
    components: {
      schemas: { ...schemasOf(REQUESTS, 'input'), ...schemasOf(RESPONSES, 'output') },
      securitySchemes: {
        salesforceToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `Tenant token (scope salesforce) from \`pillar token issue\`, plus the ${SALESFORCE_USER_HEADER} header` },
        adminToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Admin token (scope admin; claims org, sub, role)' },
        hubspotSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-HubSpot-Signature-v3',
          description: 'HMAC-SHA256 (base64) of method + URL + body + X-HubSpot-Request-Timestamp with the app client secret; portalId, userId and userEmail come from the signed URL',
        },
      },
    },
  };
}
