// The real server as an administrator starts it (`node --import tsx src/server.ts`), in a child
// process on a given database, and a valid 区长信箱 letter posted to it as a browser posts it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Sends the signal and waits until the process is gone. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

/** Starts the server on a free port and resolves once it says it listens. */
export async function startServer(databaseUrl: string, dataDir: string): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SMTP_URL: '',
      // The load comes from one address; 0 turns the per-address limits off.
      SUBMISSION_RATE_LIMIT: '0',
      LOOKUP_RATE_LIMIT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within 60 s:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      if (output.includes('门户已启动')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    child,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface Acknowledged {
  n: number;
  reference: string;
  queryCode: string;
  subject: string;
  email: string | null;
}

/** Letter number n: its own subject and text, and an e-mail address on every other one. */
export function numberedLetter(n: number): Record<string, string> {
  return {
    name: `市民${n}`,
    phone: '13812345678',
    email: n % 2 === 0 ? `citizen${n}@example.cn` : '',
    category: 'suggestion',
    subject: `第${n}号来信：关于公交站台`,
    content: `第${n}号来信。建议在人民路与长江路交叉口增设公交站台遮雨棚，方便市民候车。`,
  };
}

/**
 * Posts letter n to /letters/mayor. The reference and query code come back in the receipt cookie
 * of the 303; any other answer is an error, as is a connection that breaks (a killed server).
 */
export async function postLetter(url: string, n: number): Promise<Acknowledged> {
  const letter = numberedLetter(n);
  const res = await fetch(`${url}/letters/mayor`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams(letter),
    redirect: 'manual',
  });
  const body = await res.text();
  if (res.status !== 303) throw new Error(`letter ${n}: status ${res.status}: ${body.slice(0, 500)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('receipt='));
  const [reference, queryCode] = decodeURIComponent(cookie!.split(';')[0].slice('receipt='.length)).split(':');
  return { n, reference: reference!, queryCode: queryCode!, subject: letter.subject, email: letter.email || null };
}
