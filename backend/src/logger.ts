import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; `pretty` (the CLI's --pretty) renders them for humans. */
export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    base: { service: 'pillar' },
    redact: { paths: ['*.password', '*.token', '*.accessToken', '*.refreshToken', '*.secret', 'req.headers.authorization'], censor: '[redacted]' },
    ...(options.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
}
