// First-start data: departments, the office administrator, the holiday calendar, letter limits.
// Each part is only written when missing, so running it again changes nothing. Several instances
// starting together on an empty database seed at once: every insert skips rows another one wrote.
import type { Kysely } from 'kysely';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { packagedSchedules, packagedYears } from '../calendar/chinese-days-source.ts';
import { applyCalendarChange } from '../calendar/calendar-change.ts';
import { DEFAULT_LETTER_LIMITS } from '../domain/codes.ts';
import type { DB } from './schema.ts';

export const OFFICE_NAME = '区政府办公室';

const DEPARTMENTS: Array<[name: string, shortName: string]> = [
  [OFFICE_NAME, '办公室'],
  ['区发展和改革委员会', '发改委'],
  ['区教育局', '教育局'],
  ['区公安分局', '公安分局'],
  ['区民政局', '民政局'],
  ['区财政局', '财政局'],
  ['区人力资源和社会保障局', '人社局'],
  ['区自然资源和规划局', '自然资源和规划局'],
  ['区生态环境局', '生态环境局'],
  ['区住房和城乡建设局', '住建局'],
  ['区交通运输局', '交通运输局'],
  ['区水利局', '水利局'],
  ['区农业农村局', '农业农村局'],
  ['区商务局', '商务局'],
  ['区文化广电和旅游局', '文广旅局'],
  ['区卫生健康委员会', '卫健委'],
  ['区应急管理局', '应急管理局'],
  ['区市场监督管理局', '市场监管局'],
  ['区数据局', '数据局'],
  ['区城市管理局', '城管局'],
  ['区医疗保障局', '医保局'],
  ['区司法局', '司法局'],
];

export interface SeedResult {
  /** Set only when the administrator was created now: the password is shown this once. */
  admin: { login: string; password: string } | null;
}

export async function seedDatabase(db: Kysely<DB>, now: Date): Promise<SeedResult> {
  const at = now.toISOString();
  const hasDepartments = await db.selectFrom('departments').select('id').limit(1).executeTakeFirst();
  if (!hasDepartments) {
    await db
      .insertInto('departments')
      .values(
        DEPARTMENTS.map(([name, short_name], i) => ({
          name,
          short_name,
          is_office: i === 0 ? 1 : 0,
          active: 1,
          sort_order: i,
          email: null,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  await seedCalendar(db, at);

  const limits = await db.selectFrom('category_deadlines').select('category').execute();
  const missing = Object.entries(DEFAULT_LETTER_LIMITS).filter(([c]) => !limits.some((l) => l.category === c));
  if (missing.length > 0) {
    await db
      .insertInto('category_deadlines')
      .values(missing.map(([category, working_days]) => ({ category, working_days })))
      .onConflict((oc) => oc.column('category').doNothing())
      .execute();
  }

  let admin: SeedResult['admin'] = null;
  const hasUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (!hasUser) {
    const office = await db.selectFrom('departments').select('id').where('is_office', '=', 1).executeTakeFirstOrThrow();
    const password = generatePassword();
    const created = await db
      .insertInto('users')
      .values({
        login: 'admin',
        password_hash: await hashPassword(password),
        role: 'office_admin',
        department_id: office.id,
        display_name: '系统管理员',
        email: null,
        active: 1,
        created_at: at,
      })
      .onConflict((oc) => oc.column('login').doNothing())
      .returning('id')
      .executeTakeFirst();
    // Only the instance whose row was written knows the password that works.
    if (created) admin = { login: 'admin', password };
  }
  return { admin };
}

// Years the office already entered (or edited) are left alone; only unknown years are added.
async function seedCalendar(db: Kysely<DB>, at: string) {
  const known = new Set((await db.selectFrom('calendar_years').select('year').execute()).map((r) => r.year));
  const newYears = packagedYears().filter((y) => !known.has(y));
  if (newYears.length === 0) return;
  const newRows = packagedSchedules(newYears);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < newRows.length; i += 200) {
      await trx.insertInto('holidays').values(newRows.slice(i, i + 200)).onConflict((oc) => oc.column('date').doNothing()).execute();
    }
    await trx
      .insertInto('calendar_years')
      .values(newYears.map((year) => ({ year, source: 'chinese-days', updated_at: at })))
      .onConflict((oc) => oc.column('year').doNothing())
      .execute();
    await applyCalendarChange(trx, newYears, { userId: null, label: '系统' }, at);
  });
}
