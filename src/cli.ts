// The admin CLI: `npm run -s portal -- <command>`. Every command prepares the database first, as the
// first start does. Results go to stdout; notices and errors to stderr, errors with a non-zero exit.
// Each command imports its own modules when it runs: under tsx every module imported costs start-up
// time, and `import` of a large file is measured with the CLI's start (bench/).
import { writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { prepareDatabase } from './db/prepare.ts';
import { DomainError } from './domain/errors.ts';
import { addWorkingDays, createCalendar, isDateString } from './domain/calendar.ts';
import { readFileSync } from 'node:fs';
import { chinaDate } from './domain/china-time.ts';
import { databaseKind } from './db/database.ts';
import { join } from 'node:path';

type Database = Awaited<ReturnType<typeof prepareDatabase>>;

interface Command {
  usage: string;
  run(database: Database, args: string[]): Promise<number>;
}

/** A command that must not open (migrate, seed) the configured database first: restore replaces it. */
interface OfflineCommand {
  usage: string;
  run(config: Config, args: string[]): Promise<number>;
}

const PG_TOOLS = 'PostgreSQL 数据库请用 PostgreSQL 自带的工具：pg_dump -Fc -f 备份文件 "$DATABASE_URL" 备份，pg_restore --clean -d "$DATABASE_URL" 备份文件 恢复。\n';

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
      const { createUser } = await import('./users/service.ts');
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
      const [{ parseImportCsv }, { ImportRejectedError, importCases }] = await Promise.all([import('./import/parse.ts'), import('./import/service.ts')]);
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
      const { loadCalendarRows } = await import('./calendar/queries.ts');
      const { years, rows } = await loadCalendarRows(database.db);
      process.stdout.write(`${addWorkingDays(createCalendar(years, rows), date, Number(count))}\n`);
      return 0;
    },
  },
  report: {
    usage:
      'report YEAR [--format json|html|docx|xlsx] [--out FILE]   输出该年度政府信息公开工作年度报告（已定稿的为定稿内容）。' +
      '不加 --out 时 json、html 打印到标准输出；docx、xlsx 是二进制文件，只在标准输出不是终端时（如 > 文件）写到标准输出',
    async run(database, args) {
      const [yearArg, ...rest] = args;
      if (!yearArg || !/^\d{4}$/.test(yearArg)) throw new UsageError(`年度应为四位数字，例如：report 2024 --format json（收到：${yearArg ?? '空'}）`);
      const opts = parseOptions(rest, ['format', 'out']);
      const format = opts.format ?? 'json';
      if (!['json', 'html', 'docx', 'xlsx'].includes(format)) throw new UsageError(`暂不支持该格式：${format}（可用：json、html、docx、xlsx）`);
      const binary = format === 'docx' || format === 'xlsx';
      // Binary bytes on a terminal are garbage and can upset it: ask for a file instead.
      if (binary && !opts.out && process.stdout.isTTY) {
        throw new UsageError(`${format} 是二进制文件，请用 --out FILE 指定输出文件，或把标准输出重定向到文件（> 报告.${format}）`);
      }
      let output: string | Buffer;
      const { buildAnnualReport, loadReportDocument } = await import('./report/service.ts');
      if (format === 'json') {
        const pretty = JSON.stringify(await buildAnnualReport(database.db, Number(yearArg)), null, 2);
        // One table row per line: arrays of figures on a single line read like the printed table.
        output = `${pretty.replace(/\[\s+([-\d.,\s]+?)\s+\]/g, (_, figures: string) => `[${figures.split(/,\s*/).join(', ')}]`)}\n`;
      } else {
        const doc = await loadReportDocument(database.db, Number(yearArg), loadConfig().districtName);
        if (format === 'html') {
          const css = readFileSync(new URL('../static/css/print.css', import.meta.url), 'utf8');
          const { StandaloneReport } = await import('../views/report/document.tsx');
          output = `${await StandaloneReport({ doc, css }).toString()}\n`;
        } else {
          const { renderReportFile } = await import('./report/render-file.ts');
          output = await renderReportFile(doc, format as 'docx' | 'xlsx');
        }
      }
      if (opts.out) {
        await writeFile(opts.out, output);
        process.stderr.write(`已写入 ${opts.out}\n`);
      } else {
        await new Promise<void>((done, fail) => process.stdout.write(output, (error) => (error ? fail(error) : done())));
      }
      return 0;
    },
  },
  backup: {
    usage: 'backup FILE                  在线备份 SQLite 数据库到新文件 FILE（门户运行时也可备份）',
    async run(database, args) {
      const [file, ...extra] = args;
      if (!file || extra.length > 0) throw new UsageError('用法：backup FILE');
      if (!database.sqlite) {
        process.stderr.write(PG_TOOLS);
        return 2;
      }
      const { backupDatabase } = await import('./backup/service.ts');
      const done = await backupDatabase(database.sqlite, file);
      process.stdout.write(`已备份到 ${done.file}（${done.cases} 件案件，完整性检查通过）\n`);
      return 0;
    },
  },
  'erase-personal-data': {
    usage: 'erase-personal-data REFERENCE  应申请人要求删除该案件的申请人个人信息（姓名、证件号码、联系方式等；统计数据保留）',
    async run(database, args) {
      const [reference, ...extra] = args;
      if (!reference || extra.length > 0) throw new UsageError('用法：erase-personal-data 编号，例如 erase-personal-data XZ2026-000123');
      const [{ findCaseByReference }, { deleteMailFiles, erasePersonalData }] = await Promise.all([import('./cases/queries.ts'), import('./privacy/service.ts')]);
      const found = await findCaseByReference(database.db, reference.trim().toUpperCase());
      if (!found) throw new DomainError(`未找到编号为 ${reference} 的案件。`);
      const { dataDir } = loadConfig();
      const done = await erasePersonalData(database.db, found.id, { userId: null, label: '系统管理员（命令行）' }, new Date(), dataDir);
      const files = await deleteMailFiles(join(dataDir, 'mail'), done.deletedMailIds);
      process.stdout.write(
        `已删除 ${found.reference} 的申请人个人信息（${done.fields.join('、')}），发给申请人的邮件 ${done.deletedMailIds.length} 封（其中邮件文件 ${files} 个），以及申请人提交的附件 ${done.deletedAttachments} 个。\n`,
      );
      return 0;
    },
  },
};

const OFFLINE_COMMANDS: Record<string, OfflineCommand> = {
  copy: {
    usage: 'copy --from sqlite:文件 --to postgres://…   把 SQLite 数据库的全部数据复制到空的 PostgreSQL 数据库并逐表核对行数（须先停止门户）',
    async run(_config, args) {
      const opts = parseOptions(args, ['from', 'to']);
      if (!opts.from || !opts.to) throw new UsageError('用法：copy --from sqlite:./data/portal.sqlite --to postgres://user@host:5432/db');
      const { copyDatabase, CopyMismatchError, formatCopiedTables } = await import('./copy/service.ts');
      try {
        process.stdout.write(formatCopiedTables(await copyDatabase(opts.from, opts.to, (m) => process.stderr.write(`${m}\n`))));
        return 0;
      } catch (error) {
        if (!(error instanceof CopyMismatchError)) throw error;
        process.stdout.write(formatCopiedTables(error.tables));
        process.stderr.write(`错误：${error.message}\n`);
        return 1;
      }
    },
  },
  restore: {
    usage: 'restore FILE                 用备份文件 FILE 替换 DATABASE_URL 所指的数据库（须先停止门户）',
    async run(config, args) {
      const [file, ...extra] = args;
      if (!file || extra.length > 0) throw new UsageError('用法：restore FILE（须先停止门户）');
      const path = config.databaseUrl.replace(/^sqlite:/, '');
      if (databaseKind(config.databaseUrl) === 'postgres' || path === ':memory:') {
        process.stderr.write(PG_TOOLS);
        return 2;
      }
      const { restoreDatabase } = await import('./backup/service.ts');
      const done = await restoreDatabase(file, path);
      process.stdout.write(`已恢复到 ${done.file}（${done.cases} 件案件，完整性检查通过）\n`);
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
  return ['用法：npm run -s portal -- <命令>', '', '命令：', ...[...Object.values(COMMANDS), ...Object.values(OFFLINE_COMMANDS)].map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  const offline = name ? OFFLINE_COMMANDS[name] : undefined;
  if (offline) return offline.run(loadConfig(), args);
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
