import pino from 'pino';

export type Logger = pino.Logger;

// Structured logs on stderr, so a CLI command's stdout stays its result.
export function createLogger(level: string): Logger {
  return pino({ level, redact: ['req.headers.cookie', 'phone', 'id_number', 'email'] }, pino.destination(2));
}
