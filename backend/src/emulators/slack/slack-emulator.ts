import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';

/**
 * A local endpoint that answers like the Slack Web API for what Pillar calls (chat.postMessage), so tests and
 * the demo sandbox run without Slack: point `new WebClient(token, { slackApiUrl })` at `apiUrl`. Answers follow
 * Slack's conventions: HTTP 200 with `{ ok: true, … }` or `{ ok: false, error }` (invalid_auth,
 * channel_not_found, no_text, invalid_blocks), and HTTP 429 with a Retry-After header when rate limited.
 */

export interface PostedMessage {
  channel: string;
  text: string | null;
  blocks: unknown[] | null;
  ts: string;
  unfurlLinks: boolean | null;
}

export interface SlackEmulator {
  /** Base URL for WebClient's `slackApiUrl` (ends with /api/). */
  apiUrl: string;
  /** Messages accepted, in order. */
  messages: PostedMessage[];
  /** Every call received, accepted or not (method and answer). */
  calls: { method: string; status: number; error: string | null }[];
  addChannel(id: string): void;
  /** The next `count` calls are answered 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

interface Options {
  token: string;
  /** Channel ids (C…) and user ids (U…, a DM) that exist in the workspace. */
  channels: readonly string[];
  port?: number;
}

export async function startSlackEmulator(options: Options): Promise<SlackEmulator> {
  const channels = new Set(options.channels);
  const messages: PostedMessage[] = [];
  const calls: SlackEmulator['calls'] = [];
  let rateLimited = 0;
  let retryAfter = 1;
  let sequence = 0;

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());

  const answer = (res: Response, method: string, status: number, body: Record<string, unknown>) => {
    calls.push({ method, status, error: body.ok === false ? String(body.error) : null });
    res.status(status).json(body);
  };

  app.post('/api/:method', (req: Request, res: Response) => {
    const method = String(req.params.method);
    const params = (req.body ?? {}) as Record<string, unknown>;
    if (rateLimited > 0) {
      rateLimited--;
      res.setHeader('Retry-After', String(retryAfter));
      answer(res, method, 429, { ok: false, error: 'ratelimited' });
      return;
    }
    const bearer = req.header('authorization')?.replace(/^Bearer\s+/i, '');
    if ((bearer ?? params.token) !== options.token) return answer(res, method, 200, { ok: false, error: 'invalid_auth' });
    if (method !== 'chat.postMessage') return answer(res, method, 200, { ok: false, error: 'unknown_method' });

    const channel = typeof params.channel === 'string' ? params.channel : '';
    if (!channels.has(channel)) return answer(res, method, 200, { ok: false, error: 'channel_not_found' });
    let blocks: unknown[] | null = null;
    if (params.blocks !== undefined) {
      try {
        const parsed: unknown = typeof params.blocks === 'string' ? JSON.parse(params.blocks) : params.blocks;
        if (!Array.isArray(parsed) || parsed.some((b) => typeof b !== 'object' || b === null || typeof (b as { type?: unknown }).type !== 'string')) throw new Error('not blocks');
        blocks = parsed;
      } catch {
        return answer(res, method, 200, { ok: false, error: 'invalid_blocks' });
      }
    }
    const text = typeof params.text === 'string' && params.text.length > 0 ? params.text : null;
    if (!text && !blocks) return answer(res, method, 200, { ok: false, error: 'no_text' });
    const ts = `${1_790_000_000 + sequence}.${String(++sequence).padStart(6, '0')}`;
    const unfurl = params.unfurl_links === undefined ? null : String(params.unfurl_links) === 'true';
    messages.push({ channel, text, blocks, ts, unfurlLinks: unfurl });
    answer(res, method, 200, { ok: true, channel, ts, message: { type: 'message', text: text ?? '', blocks: blocks ?? [], ts, bot_id: 'BPILLAR' } });
  });

  const server: Server = app.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    messages,
    calls,
    addChannel: (id) => void channels.add(id),
    rateLimitNext: (count, seconds) => {
      rateLimited = count;
      retryAfter = seconds;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
