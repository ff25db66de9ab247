import { WebClient, type KnownBlock } from '@slack/web-api';
import { classifySlackError, type SlackFailure } from './errors';

export interface SlackMessage {
  /** Fallback text (notifications, screen readers, clients without blocks). */
  text: string;
  blocks: KnownBlock[];
}

export type SlackPostResult = { ok: true; channel: string; ts: string } | ({ ok: false } & SlackFailure);

/** Pillar's one use of Slack: post a message to a channel or a person (DM by user id). */
export interface SlackSender {
  postMessage(channel: string, message: SlackMessage): Promise<SlackPostResult>;
}

/**
 * A SlackSender on @slack/web-api. Rate limits are not waited out in-process (rejectRateLimitedCalls): the
 * dispatcher defers the message by Retry-After in the database, so nothing is lost if the process stops.
 * `slackApiUrl` points at the local emulator in tests and the demo sandbox.
 */
export function createSlackSender(options: { token: string; slackApiUrl?: string; timeoutMs?: number }): SlackSender {
  const client = new WebClient(options.token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 10_000,
  });
  return {
    async postMessage(channel, message) {
      try {
        const result = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
        return { ok: true, channel: result.channel ?? channel, ts: result.ts ?? '' };
      } catch (error) {
        return { ok: false, ...classifySlackError(error) };
      }
    },
  };
}
