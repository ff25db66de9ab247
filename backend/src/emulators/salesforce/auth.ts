// OAuth for the emulated org: the token endpoint (JWT bearer and refresh-token grants, Salesforce's
// `{error, error_description}` failures), access tokens that expire, and bearer-token checks for the API.
import { createHmac, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SalesforceOrg } from './org';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface ConnectedApp {
  consumerKey: string;
  consumerSecret?: string;
  /** PEM certificate (or public key) uploaded to the connected app; verifies JWT bearer assertions. */
  certificate?: string;
  /** Usernames pre-authorised by the admin; undefined = every active user. */
  preAuthorizedUsernames?: string[];
}

export interface AuthOptions {
  /** Accepted JWT audiences (the login hosts). */
  audiences?: string[];
  /** Access token lifetime (Salesforce's default session timeout is 2 hours). */
  tokenTtlMs?: number;
}

interface Session {
  userId: string;
  consumerKey: string;
  expiresAt: number;
}

interface RefreshGrant {
  userId: string;
  consumerKey: string;
}

export interface TokenResponse {
  status: number;
  body: Record<string, string>;
}

const MAX_ASSERTION_LIFETIME_S = 3 * 60 + 30;

export class OAuthServer {
  private readonly apps = new Map<string, ConnectedApp>();
  private readonly sessions = new Map<string, Session>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly signingKey = randomBytes(32);
  readonly audiences: string[];
  tokenTtlMs: number;
  tokensIssued = 0;

  constructor(
    private readonly org: SalesforceOrg,
    options: AuthOptions = {},
  ) {
    this.audiences = options.audiences ?? ['https://login.salesforce.com', 'https://test.salesforce.com'];
    this.tokenTtlMs = options.tokenTtlMs ?? 2 * 60 * 60 * 1000;
  }

  registerApp(app: ConnectedApp): void {
    this.apps.set(app.consumerKey, app);
  }

  /** A refresh token as the web-server flow would have issued it (that flow needs a browser, so tests mint one). */
  issueRefreshToken(username: string, consumerKey: string): string {
    const user = this.findUser(username);
    if (!user) throw new Error(`no active user ${username}`);
    if (!this.apps.has(consumerKey)) throw new Error(`no connected app ${consumerKey}`);
    const token = `5Aep861${randomBytes(24).toString('base64url')}`;
    this.refreshTokens.set(token, { userId: user, consumerKey });
    return token;
  }

  revokeRefreshToken(token: string): void {
    this.refreshTokens.delete(token);
  }

  /** Every issued access token stops working now (as if the sessions timed out). */
  expireAllSessions(): void {
    for (const s of this.sessions.values()) s.expiresAt = 0;
  }

  /** A valid access token for a user without going through OAuth (for tests of other parts). */
  mintAccessToken(username?: string): string {
    const userId = username ? this.findUser(username) : this.org.integrationUserId;
    if (!userId) throw new Error(`no active user ${username ?? ''}`);
    return this.newSession(userId, 'test');
  }

  /** The user behind a bearer token, or null when missing, unknown or expired. */
  authenticate(authorization: string | undefined): string | null {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(authorization ?? '');
    if (!m) return null;
    const session = this.sessions.get((m[1] as string).trim());
    if (!session || session.expiresAt <= this.org.now()) return null;
    return session.userId;
  }

  revoke(token: string): void {
    this.sessions.delete(token);
    this.refreshTokens.delete(token);
  }

  token(params: URLSearchParams, instanceUrl: string): TokenResponse {
    const grant = params.get('grant_type');
    if (grant === JWT_BEARER_GRANT) return this.jwtBearer(params.get('assertion') ?? '', instanceUrl);
    if (grant === 'refresh_token') return this.refresh(params, instanceUrl);
    return oauthError('unsupported_grant_type', 'grant type not supported');
  }

  private jwtBearer(assertion: string, instanceUrl: string): TokenResponse {
    const decoded = jwt.decode(assertion, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') return oauthError('invalid_grant', 'invalid assertion');
    const claims = decoded.payload;
    const app = typeof claims.iss === 'string' ? this.apps.get(claims.iss) : undefined;
    if (!app) return oauthError('invalid_client_id', 'client identifier invalid');
    if (!app.certificate) return oauthError('invalid_grant', 'invalid assertion');
    try {
      jwt.verify(assertion, app.certificate, {
        algorithms: ['RS256'],
        issuer: app.consumerKey,
        clockTimestamp: Math.floor(this.org.now() / 1000),
        clockTolerance: 5,
      });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) return oauthError('invalid_grant', 'invalid assertion: expired');
      return oauthError('invalid_grant', 'invalid assertion');
    }
    const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!auds.some((a) => typeof a === 'string' && this.audiences.includes(a.replace(/\/$/, '')))) {
      return oauthError('invalid_grant', 'audience is invalid');
    }
    if (typeof claims.exp !== 'number') return oauthError('invalid_grant', 'invalid assertion: exp is required');
    if (claims.exp - this.org.now() / 1000 > MAX_ASSERTION_LIFETIME_S) {
      return oauthError('invalid_grant', 'invalid assertion: exp must be within 3 minutes');
    }
    const username = typeof claims.sub === 'string' ? claims.sub : '';
    const userId = this.findUser(username);
    if (!userId) return oauthError('invalid_grant', 'invalid user');
    if (app.preAuthorizedUsernames && !app.preAuthorizedUsernames.includes(username)) {
      return oauthError('invalid_grant', "user hasn't approved this consumer");
    }
    return this.success(userId, app, instanceUrl);
  }

  private refresh(params: URLSearchParams, instanceUrl: string): TokenResponse {
    const app = this.apps.get(params.get('client_id') ?? '');
    if (!app) return oauthError('invalid_client_id', 'client identifier invalid');
    const secret = params.get('client_secret');
    if (secret !== null && app.consumerSecret !== undefined && secret !== app.consumerSecret) {
      return oauthError('invalid_client', 'invalid client credentials');
    }
    const grant = this.refreshTokens.get(params.get('refresh_token') ?? '');
    if (!grant || grant.consumerKey !== app.consumerKey) return oauthError('invalid_grant', 'expired access/refresh token');
    if (!this.isActive(grant.userId)) return oauthError('invalid_grant', 'inactive user');
    return this.success(grant.userId, app, instanceUrl);
  }

  private success(userId: string, app: ConnectedApp, instanceUrl: string): TokenResponse {
    const accessToken = this.newSession(userId, app.consumerKey);
    const issuedAt = String(this.org.now());
    const id = `${instanceUrl}/id/${this.org.orgId}/${userId}`;
    const signature = createHmac('sha256', this.signingKey).update(id + issuedAt).digest('base64');
    return {
      status: 200,
      body: { access_token: accessToken, scope: 'api', instance_url: instanceUrl, id, token_type: 'Bearer', issued_at: issuedAt, signature },
    };
  }

  private newSession(userId: string, consumerKey: string): string {
    const token = `${this.org.orgId.slice(0, 15)}!${randomBytes(36).toString('base64url')}`;
    this.sessions.set(token, { userId, consumerKey, expiresAt: this.org.now() + this.tokenTtlMs });
    this.tokensIssued++;
    return token;
  }

  private findUser(username: string): string | undefined {
    for (const u of this.org.rawRecords('User')) {
      if (u.values.Username === username && u.values.IsActive === true && u.values.IsDeleted !== true) return u.values.Id as string;
    }
    return undefined;
  }

  private isActive(userId: string): boolean {
    const u = this.org.raw(userId);
    return !!u && u.values.IsActive === true;
  }
}

function oauthError(error: string, description: string): TokenResponse {
  return { status: 400, body: { error, error_description: description } };
}
