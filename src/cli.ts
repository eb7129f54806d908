// The admin CLI: `npm run -s portal -- <command>`. Every command prepares the database first, as the
// first start does. Results go to stdout; notices and errors to stderr, errors with a non-zero exit.
import { writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from './config.ts';
import { prepareDatabase } from './db/prepare.ts';
import { DomainError } from './domain/errors.ts';
import { loadCalendarRows } from './calendar/queries.ts';
import { addWorkingDays, createCalendar, isDateString } from './domain/calendar.ts';
import { createUser } from './users/service.ts';
import { readFileSync } from 'node:fs';
import { chinaDate } from './domain/china-time.ts';
import { parseImportCsv } from './import/parse.ts';
import { ImportRejectedError, importCases } from './import/service.ts';
import { buildAnnualReport } from './report/service.ts';

type Database = Awaited<ReturnType<typeof prepareDatabase>>;

interface Command {
  usage: string;
  run(database: Database, args: string[]): Promise<number>;
}

class UsageError extends Error {}

const COMMANDS: Record<string, Command> = {
  migrate: {
    usage: 'migrate                      迁移并初始化数据库',
    async run() {
      process.stdout.write('数据库已是最新结构。\n');
      return 0;
    },
  },
  user: {
    usage: 'user add --login L --role R [--department 部门名称] [--name 姓名] [--email 邮箱]   创建工作人员账号，打印一次性密码',
    async run(database, args) {
      const [sub, ...rest] = args;
      if (sub !== 'add') throw new UsageError('用法：user add --login L --role office_admin|office_staff|dept_staff [--department 部门名称]');
      const opts = parseOptions(rest, ['login', 'role', 'department', 'name', 'email']);
      if (!opts.login || !opts.role) throw new UsageError('user add 需要 --login 和 --role');
      const user = await createUser(
        database.db,
        { login: opts.login, role: opts.role, department: opts.department, displayName: opts.name, email: opts.email },
        new Date(),
      );
      process.stderr.write(`已创建账号 ${user.login}（${user.role}）。密码只显示这一次：\n`);
      process.stdout.write(`${user.password}\n`);
      return 0;
    },
  },
  import: {
    usage: 'import FILE.csv              导入历史案件（UTF-8 CSV；全部无误才导入，否则逐行列出错误、不导入任何数据）',
    async run(database, args) {
      const [file, ...extra] = args;
      if (!file || extra.length > 0) throw new UsageError('用法：import FILE.csv');
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw new DomainError(`无法读取文件 ${file}：${(error as Error).message}`);
      }
      const now = new Date();
      try {
        const count = await importCases(database.db, parseImportCsv(bytes, chinaDate(now)), now);
        process.stdout.write(`imported ${count} rows\n`);
        return 0;
      } catch (error) {
        if (!(error instanceof ImportRejectedError)) throw error;
        process.stderr.write(`${error.lines.join('\n')}\n${error.message}\n`);
        return 1;
      }
    },
  },
  workdays: {
    usage: 'workdays add YYYY-MM-DD N    打印该日期之后第N个工作日（按数据库中的工作日历）',
    async run(database, args) {
      const [sub, date, count, ...extra] = args;
      if (sub !== 'add' || date === undefined || count === undefined || extra.length > 0) {
        throw new UsageError('用法：workdays add YYYY-MM-DD N，例如 workdays add 2025-09-25 20');
      }
      if (!isDateString(date)) throw new UsageError(`日期“${date}”无效，应为“年-月-日”格式，例如 2025-09-25`);
      if (!/^\d{1,4}$/.test(count)) throw new UsageError(`工作日数“${count}”无效，应为0至9999之间的整数`);
      const { years, rows } = await loadCalendarRows(database.db);
      process.stdout.write(`${addWorkingDays(createCalendar(years, rows), date, Number(count))}\n`);
      return 0;
    },
  },
  report: {
    usage: 'report YEAR [--format json] [--out FILE]   输出该年度政府信息公开工作年度报告的数据（不加 --out 时打印）',
    async run(database, args) {
      const [yearArg, ...rest] = args;
      if (!yearArg || !/^\d{4}$/.test(yearArg)) throw new UsageError(`年度应为四位数字，例如：report 2024 --format json（收到：${yearArg ?? '空'}）`);
      const opts = parseOptions(rest, ['format', 'out']);
      const format = opts.format ?? 'json';
      if (format !== 'json') throw new UsageError(`暂不支持该格式：${format}（目前支持：json）`);
      const pretty = JSON.stringify(await buildAnnualReport(database.db, Number(yearArg)), null, 2);
      // One table row per line: arrays of figures on a single line read like the printed table.
      const json = `${pretty.replace(/\[\s+([-\d.,\s]+?)\s+\]/g, (_, figures: string) => `[${figures.split(/,\s*/).join(', ')}]`)}\n`;
      if (opts.out) {
        await writeFile(opts.out, json, 'utf8');
        process.stderr.write(`已写入 ${opts.out}\n`);
      } else {
        process.stdout.write(json);
      }
      return 0;
    },
  },
};

/** --name value pairs; an unknown or value-less option is a usage error. */
function parseOptions(args: string[], known: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, '') ?? '';
    const value = args[i + 1];
    if (!args[i]?.startsWith('--') || !known.includes(name) || value === undefined) {
      throw new UsageError(`无法识别的参数：${args[i]}（可用：${known.map((k) => `--${k}`).join(' ')}）`);
    }
    out[name] = value;
  }
  return out;
}

function usage(): string {
  return ['用法：npm run -s portal -- <命令>', '', '命令：', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name ? `未知命令：${name}\n\n` : ''}${usage()}\n`);
    return 2;
  }
  const config = loadConfig();
  const database = await prepareDatabase(config);
  try {
    if (database.seed.admin) {
      process.stderr.write(
        `已创建管理员账号（密码只显示这一次）：登录名 ${database.seed.admin.login}，密码 ${database.seed.admin.password}\n`,
      );
    }
    return await command.run(database, args);
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DomainError || error instanceof UsageError) {
      process.stderr.write(`错误：${error.message}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    }
    process.stderr.write(`错误：${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
