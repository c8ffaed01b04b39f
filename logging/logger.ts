import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Anything that could carry a secret or personal data is redacted by path,
 * as a second line of defence: callers log ids and counts, never whole configs or bodies.
 */
export function createLogger(options: { name: string; level?: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      name: options.name,
      level: (options.level ?? process.env.LOG_LEVEL ?? 'info').toLowerCase(),
      redact: {
        paths: [
          'password',
          '*.password',
          'secret',
          '*.secret',
          'clientSecret',
          '*.clientSecret',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'req.headers.authorization',
          'subscriber',
          '*.subscriber',
          'loaAuthorizingPerson',
          '*.loaAuthorizingPerson',
        ],
        censor: '[redacted]',
      },
    },
    (options.destination as pino.DestinationStream | undefined) ?? pino.destination(1),
  );
}
