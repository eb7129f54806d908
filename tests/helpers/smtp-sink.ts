// A real SMTP server on 127.0.0.1 that keeps every message it accepts, decoded enough for tests to
// compare recipients, subject and text with what the portal meant to send.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ParsedMail {
  /** Header names in lower case; folded lines unfolded; values not decoded. */
  headers: Map<string, string>;
  subject: string;
  /**
   * The text/plain body (the first one in a multipart message), with LF line ends and without
   * trailing line breaks (a composer may add one, so it is not part of what was sent).
   */
  text: string;
}

export interface SinkMessage extends ParsedMail {
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  raw: string;
  messageId: string;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: SinkMessage[];
  /** The next `count` messages are refused at MAIL FROM with this SMTP code (451: try again later). */
  failNext(count: number, code?: number): void;
  close(): Promise<void>;
}

/** Port 0 picks a free port; pass a port to bring a closed sink back at the same address. */
export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  let failures = 0;
  let failureCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (failures > 0) {
        failures--;
        callback(Object.assign(new Error('Test sink refuses this message'), { responseCode: failureCode }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMail(raw);
        messages.push({
          ...parsed,
          raw,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: parsed.headers.get('message-id') ?? '',
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    failNext(count, code = 451) {
      failures = count;
      failureCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Parses an RFC 822 message as nodemailer writes it (also used for .eml files). */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitEntity(raw);
  return { headers, subject: decodeMimeWords(headers.get('subject') ?? ''), text: decodeTextBody(headers, body) };
}

function splitEntity(raw: string): { headers: Map<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function parseContentType(value: string): { type: string; params: Map<string, string> } {
  const [type, ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq > 0) params.set(param.slice(0, eq).trim().toLowerCase(), param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeTextBody(headers: Map<string, string>, body: string): string {
  const { type, params } = parseContentType(headers.get('content-type') ?? 'text/plain; charset=us-ascii');
  if (type.startsWith('multipart/')) {
    const boundary = params.get('boundary') ?? '';
    // Each part sits between "--boundary" lines; the line break before a delimiter belongs to it.
    const parts = body.split(`--${boundary}`).slice(1, -1).map((p) => p.replace(/^\r?\n/, '').replace(/\r?\n$/, ''));
    for (const part of parts) {
      const entity = splitEntity(part);
      const partType = parseContentType(entity.headers.get('content-type') ?? 'text/plain').type;
      if (partType === 'text/plain' || partType.startsWith('multipart/')) return decodeTextBody(entity.headers, entity.body);
    }
    return '';
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body.replace(/=\r?\n/g, ''))
        : Buffer.from(body, 'utf8');
  return new TextDecoder(params.get('charset') ?? 'us-ascii')
    .decode(bytes)
    .replace(/\r\n/g, '\n')
    .replace(/\n+$/, '');
}

/** =XX escapes to bytes; everything else stays as it is (the text is ASCII or raw UTF-8). */
function decodeQuotedPrintable(text: string): Buffer {
  const input = Buffer.from(text, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const hex = input[i] === 0x3d ? input.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(input[i]);
    }
  }
  return Buffer.from(out);
}

/**
 * RFC 2047 encoded words (=?charset?B|Q?…?=). Adjacent words are joined byte-wise before
 * decoding, because an encoder may split one multi-byte character across two words, and the
 * white space between two encoded words is not part of the text.
 */
export function decodeMimeWords(value: string): string {
  const word = /=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  let last = 0;
  const flush = () => {
    if (pending) out += new TextDecoder(pending.charset).decode(Buffer.concat(pending.bytes));
    pending = undefined;
  };
  for (let m = word.exec(value); m; m = word.exec(value)) {
    const between = value.slice(last, m.index);
    if (!pending || !/^\s*$/.test(between)) {
      flush();
      out += between;
    }
    const charset = m[1].toLowerCase();
    const bytes =
      m[2].toUpperCase() === 'B' ? Buffer.from(m[3], 'base64') : decodeQuotedPrintable(m[3].replace(/_/g, ' '));
    if (pending && pending.charset !== charset) flush();
    pending ??= { charset, bytes: [] };
    pending.bytes.push(bytes);
    last = word.lastIndex;
  }
  flush();
  return out + value.slice(last);
}
