import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { SecretBoxError } from '../lib/secret-box.js';
import { startServer, openConfiguredDatabase } from '../server/start.js';
import { migrate } from '../store/migrate.js';
import { DataDirInUseError } from '../store/data-dir-lock.js';
import { bootstrap, BootstrapError } from './bootstrap.js';
import { runUsers, UsageError } from './users.js';
import { runAudit } from './audit.js';
import { UserNotFoundError } from '../users/user-admin.js';
import { runGateway } from './gateway.js';
import { runServiceCredentials } from './service-credentials.js';
import { ServiceCredentialNotFoundError } from '../auth/service-credentials.js';
import { RoutesFileError } from '../gateway/routes-file.js';
import { CliUsageError } from './remote/exit-codes.js';

/** The offline commands (server, store); main.ts sends the management commands to remote/ without loading these. */
const USAGE = `Usage: warden <command> [options]

Commands:
  start                      Run the server (migrates first). Configuration: environment / WARDEN_CONFIG_FILE.
  migrate                    Apply pending database migrations and exit.
  bootstrap --email E --password P [--name N] [--workspace W] [--environment live|test] [--json]
                             Offline: create the first workspace, its owner and one admin API key
                             (printed once).
  users disable --email E [--json]
                             Offline: refuse the user's logins and end all its sessions (and their
                             refresh and access tokens). Running instances drop cached sessions
                             at once with REDIS_URL, else within WARDEN_KEY_CACHE_TTL_SECONDS (≤ 60 s).
  users enable --email E [--json]
                             Offline: let a disabled user log in again.
  audit verify (--workspace W | --account) [--anchor-seq N --anchor-hash H] [--json]
                             Offline: walk an audit hash chain (the account-level one too), optionally
                             against a checkpoint; exits 3 when it does not verify.
  gateway check FILE         Validate a gateway routes file (YAML or JSON) without starting; exits 1
                             with file:line messages. Scope resources: WARDEN_SCOPE_RESOURCES.
  gateway routes [FILE]      Print the gateway's routes table as Warden understands it (default:
                             WARDEN_GATEWAY_CONFIG).
  service-credentials create --name N | list | revoke ID  [--json]
                             Offline: deployment-level credentials for the company's own services;
                             they may verify credentials of every workspace (POST /v1/verify).
                             The secret is printed once.

Management, over HTTP with the SDK (needs WARDEN_URL and WARDEN_API_KEY; tables, or --json):
  keys create|list|get|update|rotate|revoke        API keys of the key's workspace
  clients create|list|get|update|rotate-secret|delete   OAuth clients (client credentials)
  agents create|list|get|update|revoke            Ed25519 agents
  members list|invite|set-role|remove             People of the workspace
  workspaces list|create                          Your workspaces; create needs a user session token
  events tail [filters]                           Live audit events until Ctrl-C (events list: past ones)
  usage [--granularity minute|hour|day] …         Request counts
  Run \`warden <command>\` alone for its options. Exit codes: 0 ok, 2 usage or WARDEN_URL/WARDEN_API_KEY
  missing, 4 unauthenticated, 5 forbidden, 6 not found, 7 rejected (400/409/422), 8 rate limited,
  9 Warden unreachable or failing, 1 anything else (docs/cli.md).

  completion bash|zsh        Shell completion: source <(warden completion bash)
  help                       This text.
`;

async function runMigrate(): Promise<void> {
  const db = await openConfiguredDatabase(loadConfig());
  try {
    const applied = await migrate(db);
    console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await db.close();
  }
}

async function runBootstrap(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      workspace: { type: 'string' },
      environment: { type: 'string', default: 'live' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.email || !values.password) throw new BootstrapError('--email and --password are required');
  if (values.environment !== 'live' && values.environment !== 'test') throw new BootstrapError('--environment must be live or test');
  const result = await bootstrap({
    email: values.email,
    password: values.password,
    name: values.name,
    workspaceName: values.workspace,
    environment: values.environment,
  });
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(`Workspace ${result.workspace.name} (${result.workspace.id})`);
  console.log(`Owner     ${result.user.email} (${result.user.id})`);
  console.log(`API key   ${result.api_key.id} scopes ${result.api_key.scopes.join(' ')}`);
  console.log('');
  console.log(`  ${result.api_key.key}`);
  console.log('');
  console.log(result.warning);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      await startServer();
      return;
    case 'migrate':
      await runMigrate();
      return;
    case 'bootstrap':
      await runBootstrap(rest);
      return;
    case 'users':
      await runUsers(rest);
      return;
    case 'audit':
      await runAudit(rest);
      return;
    case 'gateway':
      runGateway(rest);
      return;
    case 'service-credentials':
      await runServiceCredentials(rest);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof BootstrapError ||
    error instanceof UsageError || error instanceof UserNotFoundError || error instanceof SecretBoxError || error instanceof RoutesFileError || error instanceof ServiceCredentialNotFoundError || error instanceof CliUsageError ||
    (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION');
  process.stderr.write(`warden: ${known ? (error as Error).message : (error as Error).stack ?? String(error)}\n`);
  process.exit(error instanceof CliUsageError ? 2 : 1);
});
