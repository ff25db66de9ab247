import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';

/**
 * Every Slack failure collapses into a few codes the dispatcher acts on: wait and retry (rate_limited,
 * retryable), report and stop (destination: the channel or DM does not exist or the bot is not in it; auth;
 * invalid message). A pure mapping, tested error by error.
 */
export type SlackFailure =
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'destination'; error: string }
  | { kind: 'auth'; error: string }
  | { kind: 'invalid'; error: string }
  | { kind: 'retryable'; error: string };

const DESTINATION = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'user_not_found', 'cannot_dm_bot', 'user_disabled', 'restricted_action']);
const AUTH = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'missing_scope', 'no_permission', 'org_login_required']);
const RETRYABLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export function classifySlackError(error: unknown): SlackFailure {
  if (error instanceof WebAPIRateLimitedError) return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, error.retryAfter) };
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'ratelimited') return { kind: 'rate_limited', retryAfterSeconds: 60 };
    if (DESTINATION.has(code)) return { kind: 'destination', error: code };
    if (AUTH.has(code)) return { kind: 'auth', error: code };
    if (RETRYABLE.has(code)) return { kind: 'retryable', error: code };
    return { kind: 'invalid', error: code };
  }
  if (error instanceof WebAPIHTTPError) return error.statusCode >= 500 ? { kind: 'retryable', error: `HTTP ${error.statusCode}` } : { kind: 'invalid', error: `HTTP ${error.statusCode}` };
  if (error instanceof WebAPIRequestError) return { kind: 'retryable', error: error.original.message };
  return { kind: 'retryable', error: error instanceof Error ? error.message : String(error) };
}
