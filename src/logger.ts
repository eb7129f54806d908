import pino from 'pino';

export type Logger = pino.Logger;

// 个人信息保护: logs are read by operators and kept in other systems, so personal data never gets there.
// Fields that hold it are censored wherever a logged object carries them (up to two levels down)…
const PERSONAL_FIELDS = ['phone', 'id_number', 'idNumber', 'email', 'to', 'to_address', 'address', 'credit_code', 'applicant_name'];
const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  ...PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

// …and, because an error message may quote a value (PostgreSQL: "Key (phone)=(13812345678)"), a last
// pass over every line masks what looks like a mobile number, a resident id number or a mail address.
const MOBILE = /(?<!\d)(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)/g;
const RESIDENT_ID = /(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
const MAIL_ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

function maskPersonalData(line: string): string {
  return line
    .replace(RESIDENT_ID, '$1***********$2')
    .replace(MOBILE, '$1****$2')
    .replace(MAIL_ADDRESS, '[邮箱已隐藏]');
}

/** Structured logs, by default on stderr so a CLI command's stdout stays its result; tests pass their own stream. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, redact: REDACT_PATHS, hooks: { streamWrite: maskPersonalData } }, destination);
}
