// The admin CLI: `npm run -s portal -- <command>`. Every command prepares the database first, as the
// first start does. Results go to stdout; notices and errors to stderr, errors with a non-zero exit.
import { ConfigError, loadConfig } from './config.ts';
import { prepareDatabase } from './db/prepare.ts';
import { DomainError } from './domain/errors.ts';
import { createUser } from './users/service.ts';

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
