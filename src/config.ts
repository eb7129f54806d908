// One typed configuration from the environment; every bad variable is reported at once.
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

const schema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:PATH or postgres://user@host:port/db')
      .default('sqlite:./data/portal.sqlite'),
    DATA_DIR: z.string().min(1).default('./data'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/.+/, 'must be smtp://host:port or smtps://user:pass@host:port')
      .optional(),
    MAIL_FROM: z.string().min(3).default('区政府办公室 <noreply@localhost>'),
    PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://portal.example.gov.cn' }).optional(),
    DISTRICT_NAME: z.string().min(1).default('示例区'),
    TRUST_PROXY: z.enum(['0', '1']).default('0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    MAIL_POLL_MS: z.coerce.number().int().min(100).default(2000),
    // Per client address and 10 minutes; 0 turns the limit off (load tests that play many citizens from one address).
    SUBMISSION_RATE_LIMIT: z.coerce.number().int().min(0).default(10),
    LOOKUP_RATE_LIMIT: z.coerce.number().int().min(0).default(30),
  })
  .transform((e) => ({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    districtName: e.DISTRICT_NAME,
    trustProxy: e.TRUST_PROXY === '1',
    logLevel: e.LOG_LEVEL,
    sessionHours: e.SESSION_HOURS,
    mailPollMs: e.MAIL_POLL_MS,
    submissionRateLimit: e.SUBMISSION_RATE_LIMIT,
    lookupRateLimit: e.LOOKUP_RATE_LIMIT,
  }));

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
