// The benchmark: builds (or reuses) a database of N cases, starts the real server on a copy of it and
// measures, in one run, what the issue asks for; then writes the figures into bench/RESULTS.md.
//
//   npm run bench -- [--cases N] [--postgres URL] [--regenerate] [--rounds R] [--year YYYY]
//
// See bench/README.md for what each figure means and how it is taken.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import autocannon, { type Result } from 'autocannon';
import { openDatabase } from '../src/db/database.ts';
import { chinaDate } from '../src/domain/china-time.ts';
import { buildAnnualReport } from '../src/report/service.ts';
import { generateDatabase } from './generate.ts';
import { COMMUNITIES, STREETS, topicOf } from './vocabulary.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = join(ROOT, 'data/bench');
const RESULTS_FILE = join(ROOT, 'bench/RESULTS.md');
const NODE = [process.execPath, '--import', 'tsx'];
// The server exactly as `npm start` runs it, its environment (the allocator's settings) and V8 flags
// included: they decide its memory.
const START = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
const NODE_AT = START.indexOf('node');
if (NODE_AT < 0 || START.slice(0, NODE_AT).some((w) => w.indexOf('=') < 1)) throw new Error(`package.json's start script is not [VAR=value …] node …: ${START.join(' ')}`);
const START_ENV = Object.fromEntries(START.slice(0, NODE_AT).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
const SERVER = [process.execPath, ...START.slice(NODE_AT + 1)];

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    postgres: { type: 'string' },
    regenerate: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '2' },
    year: { type: 'string' },
    samples: { type: 'string', default: '50' },
  },
});
const CASES = Number(args.cases);
const ROUNDS = Number(args.rounds);
const SAMPLES = Number(args.samples);
const TODAY = chinaDate(new Date());
const YEAR = Number(args.year ?? Number(TODAY.slice(0, 4)) - 1);

const log = (line: string) => process.stdout.write(`${line}\n`);

// ------------------------------------------------------------------ small tools

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function run(cmd: string[], env: Record<string, string>): { ms: number; stdout: string } {
  const started = performance.now();
  const stdout = execFileSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ms: performance.now() - started, stdout };
}

interface Server {
  process: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

async function startProcess(cmd: string[], env: Record<string, string>, base: string, ready: string): Promise<Server> {
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cmd.join(' ')} exited: ${output}`);
    if (output.includes(ready)) break;
    if (Date.now() > deadline) throw new Error(`${cmd.join(' ')} did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    base,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Peak and current resident memory of a process, sampled every 250 ms from /proc; the highest sample of
 * each phase of the run too, so the report can say which part of the work the peak belongs to.
 */
function sampleMemory(pid: number) {
  let peakRss = 0;
  let hwm = 0;
  const phases: Array<{ name: string; peakMb: number }> = [{ name: 'start', peakMb: 0 }];
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      const rss = kb('VmRSS');
      peakRss = Math.max(peakRss, rss);
      hwm = Math.max(hwm, kb('VmHWM'));
      const phase = phases.at(-1)!;
      phase.peakMb = Math.max(phase.peakMb, rss / 1024);
    } catch {
      // The process has ended.
    }
  };
  const timer = setInterval(read, 250);
  return {
    phase(name: string) {
      read();
      phases.push({ name, peakMb: 0 });
    },
    stop() {
      read();
      clearInterval(timer);
      return { peakRssMb: peakRss / 1024, hwmMb: hwm / 1024, phases };
    },
  };
}

// One kept-alive connection for the timed pages, as a browser keeps one. Node's http client, not fetch:
// measured in the same minutes on a queue page, fetch (undici) added 1 ms to the median and 4–5 ms to the
// p95 of what the server's answer took (its own work on the same two cores), which this would report as the page's.
const pageAgent = new HttpAgent({ keepAlive: true, maxSockets: 1 });

/** GET with a session, as a browser does (compressed), body read whole and unzipped; the wall time in ms. */
function timedGet(url: string, cookie: string): Promise<{ ms: number; status: number; html: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { agent: pageAgent, headers: { cookie, 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const html = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, html });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

interface Timing {
  label: string;
  url: string;
  p50: number;
  p95: number;
  total: number | null;
}

async function measurePage(label: string, url: string, cookie: string, count = SAMPLES): Promise<Timing & { html: string }> {
  for (let i = 0; i < 3; i++) await timedGet(url, cookie);
  const times: number[] = [];
  let last = { ms: 0, status: 0, html: '' };
  for (let i = 0; i < count; i++) {
    last = await timedGet(url, cookie);
    if (last.status !== 200) throw new Error(`${label}: ${url} answered ${last.status}`);
    times.push(last.ms);
  }
  const total = /共\s*(\d+)\s*件/.exec(last.html);
  return { label, url, p50: percentile(times, 50), p95: percentile(times, 95), total: total ? Number(total[1]) : null, html: last.html };
}

const hrefOf = (html: string, id: string) => {
  const m = new RegExp(`<a[^>]*id="${id}"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*id="${id}"`).exec(html);
  return m ? (m[1] ?? m[2])!.replaceAll('&amp;', '&') : null;
};

/** One raw GET: bytes on the wire (headers and body as sent, compressed) and the decoded body. */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; wireBytes: number; body: string; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { headers: { 'accept-encoding': 'gzip, br', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const headerBytes = Buffer.byteLength(`HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n${res.rawHeaders.map((h, i) => (i % 2 ? `${h}\r\n` : `${h}: `)).join('')}\r\n`);
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, wireBytes: headerBytes + raw.length, body: body.toString('utf8'), headers: res.headers as Record<string, string> });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

// ------------------------------------------------------------------ the parts of the run

const LETTER_FORM = new URLSearchParams({
  name: '王建国',
  phone: '13912345678',
  email: 'wangjianguo@example.com',
  category: 'complaint',
  subject: '关于城东街道阳光花园夜间施工噪音扰民的投诉',
  content:
    '您好！我是城东街道阳光花园小区的居民。小区南侧的工地最近每天晚上十点以后还在施工，渣土车进出和打桩的噪音很大，严重影响居民休息，老人和孩子深受其害。' +
    '我们多次向社区反映，也打过12345热线，至今没有改善。恳请相关部门尽快调查处理，责令施工单位按规定时间作业。谢谢！',
}).toString();

async function intake(base: string, path: string) {
  let n = 0;
  // A different client address per request (the proxy's X-Forwarded-For; the portal runs with TRUST_PROXY=1):
  // many citizens, so the per-address limit never answers 429 and its counter is written as in real life.
  const result: Result = await autocannon({
    url: base,
    connections: 50,
    duration: 10,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
        body: LETTER_FORM,
        setupRequest: (req) => {
          n++;
          return { ...req, headers: { ...req.headers, 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } };
        },
      },
    ],
  });
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]));
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, total: result.requests.total, errors: result.errors + result.timeouts, codes };
}

/** Historical cases in the import format: closed ones mostly, 2018–2020, every channel. */
function importCsv(rows: number, departments: string[]): string {
  const lines = ['reference,channel,department,category,applicant_type,received_on,due_on,closed_on,outcome,subject,content'];
  const categories = ['咨询', '建议', '求助', '投诉', '举报', '其他'];
  for (let i = 0; i < rows; i++) {
    const dept = departments[i % departments.length]!;
    const topic = topicOf(dept);
    const year = 2018 + (i % 3);
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 27)).padStart(2, '0');
    const received = `${year}-${month}-${day}`;
    const closed = `${year}-${month}-${String(Math.min(28, 1 + (i % 27) + 1)).padStart(2, '0')}`;
    const issue = topic.issues[i % topic.issues.length]!;
    const where = `${STREETS[i % STREETS.length]}街道${COMMUNITIES[i % COMMUNITIES.length]}`;
    const subject = `关于${where}${issue}的来信`;
    const content = `${where}居民反映${issue}问题。${topic.details[i % topic.details.length]}`;
    if (i % 5 === 0) lines.push(`,disclosure,${dept},,自然人,${received},,${closed},granted,${dept}${issue}相关文件,"申请公开${issue}相关文件。"`);
    else lines.push(`,${i % 2 ? 'mayor_mailbox' : 'dept_mailbox'},${dept},${categories[i % 6]},,${received},,${closed},,${subject},"${content}"`);
  }
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------ the run

async function main() {
  const started = new Date();
  const loadBefore = os.loadavg();
  mkdirSync(DATA, { recursive: true });
  const runDir = join(DATA, 'run');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });

  // 1. The database.
  let generation: string;
  let databaseUrl: string;
  if (args.postgres && args.reuse) {
    generation = `reused ${args.postgres} as an earlier run left it (its intake and import included; without --reuse it is generated anew)`;
    databaseUrl = args.postgres;
  } else if (args.postgres) {
    log(`Generating ${CASES.toLocaleString('en')} cases into PostgreSQL …`);
    const s = await generateDatabase({ cases: CASES, target: { kind: 'postgres', url: args.postgres }, log });
    generation = `${s.seconds.toFixed(0)} s now (${s.cases.toLocaleString('en')} cases, ${s.events.toLocaleString('en')} events)`;
    databaseUrl = args.postgres;
  } else {
    const file = join(DATA, `bench-${CASES}.sqlite`);
    if (args.regenerate || !existsSync(file)) {
      log(`Generating ${CASES.toLocaleString('en')} cases into ${file} …`);
      const s = await generateDatabase({ cases: CASES, target: { kind: 'sqlite', path: file }, log });
      generation = `${s.seconds.toFixed(0)} s now (${s.cases.toLocaleString('en')} cases, ${s.events.toLocaleString('en')} events)`;
    } else {
      generation = `reused ${file} (generated earlier; --regenerate builds it anew)`;
    }
    // The server writes (intake, import): it works on a copy, the generated file stays as it was.
    const copy = join(runDir, 'portal.sqlite');
    copyFileSync(file, copy);
    databaseUrl = `sqlite:${copy}`;
  }
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: runDir, LOG_LEVEL: 'warn', SMTP_URL: '' };

  // The department with the most cases, and the figures of the database.
  const probe = openDatabase(databaseUrl);
  const biggest = await probe.db
    .selectFrom('cases')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .select(['departments.name', 'departments.short_name', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['departments.name', 'departments.short_name'])
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const totalCases = Number((await probe.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const departments = (await probe.db.selectFrom('departments').select('short_name').where('is_office', '=', 0).execute()).map((d) => d.short_name);
  await probe.close();

  // 2. Staff accounts through the CLI.
  const suffix = Date.now().toString(36);
  const clerkPassword = run([...NODE, 'src/cli.ts', 'user', 'add', '--login', `bench-clerk-${suffix}`, '--role', 'dept_staff', '--department', biggest.name], env).stdout.trim();
  const officePassword = run([...NODE, 'src/cli.ts', 'user', 'add', '--login', `bench-office-${suffix}`, '--role', 'office_staff'], env).stdout.trim();

  // 3. The server.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startProcess(SERVER, { ...env, ...START_ENV, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, TRUST_PROXY: '1' }, base, '门户已启动');
  const memory = sampleMemory(server.process.pid!);
  log(`Server on ${base} (pid ${server.process.pid})`);

  async function login(loginName: string, password: string) {
    const res = await fetch(`${base}/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams({ login: loginName, password, next: '/staff' }),
      redirect: 'manual',
    });
    if (res.status !== 303) throw new Error(`login ${loginName}: ${res.status}`);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }
  const clerk = await login(`bench-clerk-${suffix}`, clerkPassword);
  const office = await login(`bench-office-${suffix}`, officePassword);

  // f. Citizen pages: first visit, every request a browser makes; then a repeat visit within the cache's lifetime.
  log('Citizen pages …');
  memory.phase('citizen pages');
  const citizen = [];
  for (const path of ['/', '/letters/mayor']) {
    const page = await rawGet(base, path);
    const assets = [...page.body.matchAll(/<(?:link[^>]*rel="(?:stylesheet|icon)"[^>]*href|script[^>]*src|img[^>]*src)="([^"]+)"/g)].map((m) => m[1]!);
    let bytes = page.wireBytes;
    let revalidations = 0;
    for (const asset of assets) {
      const a = await rawGet(base, asset);
      bytes += a.wireBytes;
      // A browser that has the file only asks again once max-age has passed.
      if (!/max-age=[1-9]/.test(a.headers['cache-control'] ?? '')) revalidations++;
    }
    citizen.push({ path, requests: 1 + assets.length, kb: bytes / 1024, pageKb: page.wireBytes / 1024, assets, repeatRequests: 1 + revalidations });
  }

  // b. The queue of the biggest department.
  log(`Queue of ${biggest.name} …`);
  memory.phase('queue and searches');
  const queue: Timing[] = [];
  const first = await measurePage('待办 (first page)', `${base}/queue`, clerk);
  queue.push(first);
  const tabs = [...first.html.matchAll(/id="queue-tab-([a-z_]+)"/g)].map((m) => m[1]!);
  let deepTab = { tab: 'closed', total: 0 };
  for (const tab of tabs.filter((t) => t !== 'todo')) {
    const t = await measurePage(`tab ${tab}`, `${base}/queue?tab=${tab}`, clerk);
    queue.push(t);
    if ((t.total ?? 0) > deepTab.total) deepTab = { tab, total: t.total ?? 0 };
  }
  // A deep page: 20 下一页 links into the biggest tab, each followed like a clerk does.
  let url = `${base}/queue?tab=${deepTab.tab}`;
  let depth = 0;
  for (; depth < 20; depth++) {
    const next = hrefOf((await timedGet(url, clerk)).html, 'queue-next');
    if (!next) break;
    url = new URL(next, base).toString();
  }
  queue.push(await measurePage(`tab ${deepTab.tab}, page ${depth + 1}`, url, clerk));
  const topic = topicOf(biggest.short_name);
  const searches = [
    topic.issues[0]!.slice(0, 2),
    '噪音',
    '施工',
    `${STREETS[0]}街道${COMMUNITIES[0]}`,
    '王伟',
    '拖欠工资',
    '噪',
    // One character of the department's topic word: in most of its cases.
    topic.issues[0]!.slice(0, 1),
  ];
  const searchTimings: Timing[] = [];
  for (const q of [...new Set(searches)]) {
    searchTimings.push(await measurePage(`search “${q}”${[...q].length === 1 ? ' (one character: a prefix)' : ''}`, `${base}/queue?tab=todo&q=${encodeURIComponent(q)}`, clerk));
    searchTimings.push(await measurePage(`search “${q}” in 已办结`, `${base}/queue?tab=closed&q=${encodeURIComponent(q)}`, clerk));
  }

  // c. The office dashboard and the annual report.
  log('Office dashboard and annual report …');
  memory.phase('dashboard');
  const statsProbe = await timedGet(`${base}/office/stats?period=year&year=${YEAR}`, office);
  const dashboard = statsProbe.status === 200 ? await measurePage(`/office/stats?period=year&year=${YEAR}`, `${base}/office/stats?period=year&year=${YEAR}`, office, 20) : null;
  // The citizens' statistics: the first visit counts this year and last year, the next ones within five
  // minutes are answered from those figures.
  const publicFirst = await timedGet(`${base}/stats`, '');
  const publicKept = await measurePage('/stats', `${base}/stats`, '', 20);
  memory.phase('annual report and import (CLI, other processes)');
  const reportDb = openDatabase(databaseUrl);
  const reportTimes: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    await buildAnnualReport(reportDb.db, YEAR);
    if (i >= 2) reportTimes.push(performance.now() - t0);
  }
  await reportDb.close();
  const reportCli = [1, 2, 3].map(() => run([...NODE, 'src/cli.ts', 'report', String(YEAR), '--format', 'json'], env).ms);
  const cliStartup = [1, 2, 3].map(() => run([...NODE, 'src/cli.ts', 'migrate'], env).ms);

  // d. Import of 20,000 historical cases through the CLI.
  log('Import …');
  const csvFile = join(runDir, 'import-20000.csv');
  writeFileSync(csvFile, importCsv(20_000, departments));
  const imported = run([...NODE, 'src/cli.ts', 'import', csvFile], env);
  if (!/imported 20000 rows/.test(imported.stdout)) throw new Error(`import: ${imported.stdout}`);

  // a. Intake: the portal's letter form against the baseline, alternately, ROUNDS times each.
  log('Intake …');
  memory.phase('intake');
  const baselinePort = await freePort();
  const baselineBase = `http://127.0.0.1:${baselinePort}`;
  const baseline = await startProcess([...NODE, 'bench/baseline-server.ts', join(runDir, 'baseline.sqlite'), String(baselinePort)], {}, baselineBase, 'baseline listening');
  const intakeRounds: Array<{ portal: Awaited<ReturnType<typeof intake>>; baseline: Awaited<ReturnType<typeof intake>> }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = await intake(baselineBase, '/letters/mayor');
    const p = await intake(base, '/letters/mayor');
    intakeRounds.push({ portal: p, baseline: b });
    log(`  round ${r + 1}: portal ${p.rps.toFixed(0)} req/s p99 ${p.p99} ms · baseline ${b.rps.toFixed(0)} req/s p99 ${b.p99} ms`);
  }
  await baseline.stop();

  const mem = memory.stop();
  pageAgent.destroy();
  await server.stop();
  const loadAfter = os.loadavg();

  // ------------------------------------------------------------------ the report
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const portalRps = avg(intakeRounds.map((r) => r.portal.rps));
  const baselineRps = avg(intakeRounds.map((r) => r.baseline.rps));
  const portalP99 = Math.max(...intakeRounds.map((r) => r.portal.p99));
  const ratio = portalRps / baselineRps;
  const reportP50 = percentile(reportTimes, 50);
  const importSeconds = imported.ms / 1000;
  const startupMs = percentile(cliStartup, 50);
  const pageChecks = queue.map((q) => ({ q, ok: q.p95 <= 10 }));
  const searchChecks = searchTimings.map((q) => ({ q, ok: q.p95 <= 25 }));
  const verdict = (ok: boolean, detail: string) => `${ok ? '**met**' : '**missed**'} (${detail})`;
  const citizenWorst = citizen.reduce((a, b) => (b.kb > a.kb ? b : a));

  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout.
  }

  // One block per database kind, so a PostgreSQL run does not replace the SQLite figures.
  const kind = args.postgres ? 'postgres' : 'sqlite';
  const START_MARK = `<!-- bench:results:${kind}:start -->`;
  const END_MARK = `<!-- bench:results:${kind}:end -->`;
  const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  const lines = [
    START_MARK,
    `## ${args.postgres ? 'PostgreSQL' : 'SQLite'}: run of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    row(['', '']),
    row(['---', '---']),
    row(['Database', `${args.postgres ? 'PostgreSQL' : 'SQLite'}, ${totalCases.toLocaleString('en')} cases`]),
    row(['Generation', generation]),
    row(['Machine', `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB memory, ${os.type()} ${os.release()}`]),
    row(['Load average (1/5/15 min) before → after', `${loadBefore.map((l) => l.toFixed(1)).join(' / ')} → ${loadAfter.map((l) => l.toFixed(1)).join(' / ')}`]),
    row(['Node', process.version]),
    row(['Commit', `\`${commit}\``]),
    row(['Department measured', `${biggest.name} (${Number(biggest.n).toLocaleString('en')} cases, the most of any)`]),
    '',
    '### Targets',
    '',
    row(['Target', 'Measured', 'Verdict']),
    row(['---', '---', '---']),
    row([
      'intake ≥ 60% of baseline req/s, p99 ≤ 50 ms',
      `${portalRps.toFixed(0)} vs ${baselineRps.toFixed(0)} req/s = ${(ratio * 100).toFixed(0)}%; p99 ${portalP99} ms`,
      verdict(ratio >= 0.6 && portalP99 <= 50, `${(ratio * 100).toFixed(0)}% of 60%, p99 ${portalP99} of 50 ms`),
    ]),
    row([
      'queue page p95 ≤ 10 ms (every tab, a deep page)',
      pageChecks.map(({ q }) => `${q.label} ${ms(q.p95)}`).join('; '),
      verdict(pageChecks.every((c) => c.ok), `${pageChecks.filter((c) => c.ok).length} of ${pageChecks.length} pages within 10 ms; worst ${ms(Math.max(...queue.map((q) => q.p95)))}`),
    ]),
    row([
      'text search p95 ≤ 25 ms',
      searchChecks.map(({ q }) => `${q.label} ${ms(q.p95)}`).join('; '),
      verdict(searchChecks.every((c) => c.ok), `${searchChecks.filter((c) => c.ok).length} of ${searchChecks.length} searches within 25 ms; worst ${ms(Math.max(...searchTimings.map((q) => q.p95)))}`),
    ]),
    row([
      'office dashboard ≤ 250 ms for a year',
      dashboard ? `/office/stats?period=year&year=${YEAR}: p50 ${ms(dashboard.p50)}, p95 ${ms(dashboard.p95)}` : `/office/stats answered ${statsProbe.status}: not there when this run was made`,
      dashboard ? verdict(dashboard.p50 <= 250, `p50 ${ms(dashboard.p50)} of 250 ms`) : 'not measured',
    ]),
    row([
      'annual report ≤ 250 ms for a year',
      `buildAnnualReport(${YEAR}): p50 ${ms(reportP50)}, p95 ${ms(percentile(reportTimes, 95))}; CLI \`report ${YEAR} --format json\` ${ms(percentile(reportCli, 50))} of which ${ms(startupMs)} is starting the CLI`,
      verdict(reportP50 <= 250, `p50 ${ms(reportP50)} of 250 ms`),
    ]),
    row([
      '20,000-row import ≤ 2 s',
      `\`npm run -s portal -- import\`: ${importSeconds.toFixed(2)} s wall, of which ~${(startupMs / 1000).toFixed(2)} s is starting the CLI (a \`migrate\` that does nothing)`,
      verdict(importSeconds <= 2, `${importSeconds.toFixed(2)} s of 2 s; ${((imported.ms - startupMs) / 1000).toFixed(2)} s without the start`),
    ]),
    row(['server RSS ≤ 200 MB', `peak ${mem.hwmMb.toFixed(0)} MB (VmHWM over the whole run)`, verdict(mem.hwmMb <= 200, `${mem.hwmMb.toFixed(0)} of 200 MB`)]),
    row([
      'citizen pages ≤ 50 KB compressed in ≤ 4 requests',
      citizen.map((c) => `${c.path}: ${c.kb.toFixed(1)} KB in ${c.requests} requests`).join('; '),
      verdict(citizen.every((c) => c.kb <= 50 && c.requests <= 4), `worst ${citizenWorst.kb.toFixed(1)} KB in ${citizenWorst.requests} requests`),
    ]),
    '',
    '### a. Intake (POST /letters/mayor, 50 connections, 10 s)',
    '',
    row(['Round', 'Portal req/s', 'Portal p50 / p99', 'Portal answers', 'Baseline req/s', 'Baseline p50 / p99', 'Baseline answers']),
    row(['---', '---', '---', '---', '---', '---', '---']),
    ...intakeRounds.map((r, i) =>
      row([
        i + 1,
        r.portal.rps.toFixed(0),
        `${r.portal.p50} / ${r.portal.p99} ms`,
        `${Object.entries(r.portal.codes).map(([c, n]) => `${n}×${c}`).join(', ')}${r.portal.errors ? `, ${r.portal.errors} errors` : ''}`,
        r.baseline.rps.toFixed(0),
        `${r.baseline.p50} / ${r.baseline.p99} ms`,
        `${Object.entries(r.baseline.codes).map(([c, n]) => `${n}×${c}`).join(', ')}${r.baseline.errors ? `, ${r.baseline.errors} errors` : ''}`,
      ]),
    ),
    '',
    `### b. Queue of ${biggest.name} (${SAMPLES} requests each, after 3 warm-up; wall time of a compressed GET)`,
    '',
    row(['Page', 'p50', 'p95', 'Cases in the tab']),
    row(['---', '---', '---', '---']),
    ...[...queue, ...searchTimings].map((q) => row([q.label, ms(q.p50), ms(q.p95), q.total === null ? '—' : q.total.toLocaleString('en')])),
    '',
    '### c. Office dashboard and annual report',
    '',
    row(['What', 'p50', 'p95']),
    row(['---', '---', '---']),
    dashboard ? row([`GET /office/stats?period=year&year=${YEAR} (20 requests)`, ms(dashboard.p50), ms(dashboard.p95)]) : row([`GET /office/stats?period=year&year=${YEAR}`, `answered ${statsProbe.status}`, '—']),
    row([`GET /stats (citizens), the first visit: both years counted (1 request)`, ms(publicFirst.ms), '—']),
    row([`GET /stats, the next visits within five minutes (20 requests)`, ms(publicKept.p50), ms(publicKept.p95)]),
    row([`buildAnnualReport(db, ${YEAR}) in-process (10 runs)`, ms(reportP50), ms(percentile(reportTimes, 95))]),
    row([`CLI report ${YEAR} --format json (3 runs, wall)`, ms(percentile(reportCli, 50)), ms(Math.max(...reportCli))]),
    row(['CLI start alone (migrate, nothing to do; 3 runs)', ms(startupMs), ms(Math.max(...cliStartup))]),
    '',
    '### d. Import',
    '',
    `20,000 rows (closed historical cases, 2018–2020, all channels, blank references): ${importSeconds.toFixed(2)} s wall for \`npm run -s portal -- import\`.`,
    '',
    '### e. Server memory',
    '',
    `Peak resident set ${mem.hwmMb.toFixed(0)} MB (VmHWM), highest sampled VmRSS ${mem.peakRssMb.toFixed(0)} MB, over the whole run.`,
    '',
    '| Phase (in the order run) | Highest sampled VmRSS |',
    '| --- | --- |',
    ...mem.phases.map((p) => row([p.name, `${p.peakMb.toFixed(0)} MB`])),
    '',
    '### f. Citizen pages (first visit, Accept-Encoding: gzip, br)',
    '',
    row(['Page', 'Requests', 'Bytes on the wire', 'Of which the page', 'Assets', 'Requests on a repeat visit within a day']),
    row(['---', '---', '---', '---', '---', '---']),
    ...citizen.map((c) => row([c.path, c.requests, `${c.kb.toFixed(1)} KB`, `${c.pageKb.toFixed(1)} KB`, c.assets.join(', '), c.repeatRequests])),
    END_MARK,
  ];
  const block = lines.join('\n');
  const existing = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
  const at = existing.indexOf(START_MARK);
  const end = existing.indexOf(END_MARK);
  const updated =
    at >= 0 && end > at
      ? `${existing.slice(0, at)}${block}${existing.slice(end + END_MARK.length)}`
      : `${existing || '# Benchmark results\n\nWritten by `npm run bench` (see README.md) between the markers; the text around them is kept.\n'}\n${block}\n`;
  writeFileSync(RESULTS_FILE, updated);
  log(`\n${lines.slice(1, -1).join('\n')}\n\nWritten to ${RESULTS_FILE}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
