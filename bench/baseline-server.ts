// The benchmark's yardstick for intake: the least any server must do for a submitted letter. It reads
// the same urlencoded form and inserts it as one row, durably (better-sqlite3 with the portal's own
// pragmas: the connection comes from openDatabase), and answers 303 like the portal. No validation,
// no reference, no event, no mail, no page: the ratio portal ÷ baseline is the price of all of those.
//
//   node --import tsx bench/baseline-server.ts FILE.sqlite PORT
import { createServer } from 'node:http';
import { openDatabase } from '../src/db/database.ts';

const [file, port] = process.argv.slice(2);
if (!file || !port) {
  process.stderr.write('usage: baseline-server.ts FILE.sqlite PORT\n');
  process.exit(2);
}

const database = openDatabase(`sqlite:${file}`);
const sqlite = database.sqlite!;
sqlite.exec(`create table if not exists baseline_letters (
  id integer primary key, name text not null, phone text not null, email text, category text not null,
  subject text not null, content text not null, submitted_at text not null)`);
const insert = sqlite.prepare(
  'insert into baseline_letters (name, phone, email, category, subject, content, submitted_at) values (?, ?, ?, ?, ?, ?, ?)',
);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const field = (name: string) => form.get(name) ?? '';
    insert.run(field('name'), field('phone'), field('email') || null, field('category'), field('subject'), field('content'), new Date().toISOString());
    res.writeHead(303, { location: '/receipt', 'content-length': '0' });
    res.end();
  });
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`baseline listening on ${port}\n`));

process.on('SIGTERM', () => {
  server.close();
  void database.close().then(() => process.exit(0));
});
