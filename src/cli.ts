// The admin CLI: `npm run -s portal -- <command>`. Every command prepares the database first, as the
// first start does. Results go to stdout; notices and errors to stderr, errors with a non-zero exit.
import { ConfigError, loadConfig } from './config.ts';
import { prepareDatabase } from './db/prepare.ts';
import { DomainError } from './domain/errors.ts';

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
};

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
