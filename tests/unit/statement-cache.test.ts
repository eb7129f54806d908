// The compiled statements Kysely asks for are reused, within a bound, and give the same answers.
import SqliteDatabase from 'better-sqlite3';
import { type Generated, Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/db/statement-cache.ts';

const open: SqliteDatabase.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function memory() {
  const sqlite = new SqliteDatabase(':memory:');
  open.push(sqlite);
  return sqlite;
}

describe('withStatementCache', () => {
  it('hands back the same compiled statement for the same text, and a new one for another', () => {
    const cached = withStatementCache(memory());
    const first = cached.prepare('select 1 as n');
    expect(cached.prepare('select 1 as n')).toBe(first);
    expect(cached.prepare('select 2 as n')).not.toBe(first);
  });

  it('drops the least recently used statement past its bound', () => {
    const cached = withStatementCache(memory(), 2);
    const a = cached.prepare('select 1');
    const b = cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(a); // now b is the least recently used
    cached.prepare('select 3');
    expect(cached.prepare('select 1')).toBe(a);
    expect(cached.prepare('select 2')).not.toBe(b);
  });

  it('answers queries through Kysely with fresh parameters each time, writes included', async () => {
    const sqlite = memory();
    const db = new Kysely<{ notes: { id: Generated<number>; body: string } }>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    await sql`create table notes (id integer primary key, body text not null)`.execute(db);
    for (const body of ['甲', '乙', '丙']) await db.insertInto('notes').values({ body }).execute();
    const find = (id: number) => db.selectFrom('notes').select('body').where('id', '=', id).executeTakeFirst();
    expect([await find(1), await find(3), await find(4)]).toEqual([{ body: '甲' }, { body: '丙' }, undefined]);
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });
});
