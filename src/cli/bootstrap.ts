import { loadConfig } from '../server/config.js';
import { openConfiguredDatabase } from '../server/start.js';
import { createServices } from '../server/services.js';
import { migrate } from '../store/migrate.js';
import { countUsers } from '../users/user-store.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../users/password.js';
import { isCommonPassword } from '../users/common-passwords.js';
import { ScopeSet } from '../auth/scopes.js';
import type { RequestContext } from '../auth/principal.js';
import { SAVE_KEY_WARNING } from '../keys/key-service.js';
import type { CredentialEnvironment } from '../auth/environments.js';

export interface BootstrapInput {
  email: string;
  password: string;
  name?: string | undefined;
  workspaceName?: string | undefined;
  environment: CredentialEnvironment;
}

export interface BootstrapResult {
  user: { id: string; email: string };
  workspace: { id: string; name: string };
  api_key: { id: string; key: string; prefix: string; scopes: string[]; environment: string };
  warning: string;
}

export class BootstrapError extends Error {}

/**
 * Offline: opens the store directly (no server needed), creates the first workspace, its owner
 * and one admin (`*:*`) API key, all in one transaction. Refuses when any user exists.
 */
export async function bootstrap(input: BootstrapInput): Promise<BootstrapResult> {
  if (input.password.length < PASSWORD_MIN_LENGTH || input.password.length > PASSWORD_MAX_LENGTH) {
    throw new BootstrapError(`--password must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters`);
  }
  if (isCommonPassword(input.password)) throw new BootstrapError('--password is one of the most common passwords; choose another');
  if (!/^[^\s@]+@[^\s@]+$/.test(input.email)) throw new BootstrapError('--email is not an e-mail address');
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  const silent = { level: 'silent' } as const;
  const services = createServices({ config, db, logger: (await import('fastify')).default({ logger: silent }).log });
  try {
    await migrate(db);
    const passwordHash = await hashPassword(input.password);
    return await db.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(hashtext('warden.register'))`);
      if ((await countUsers(tx)) > 0) throw new BootstrapError('This Warden is already bootstrapped (users exist); log in instead');
      const context: RequestContext = { actor: { type: 'system', id: 'bootstrap' }, ip: null, userAgent: 'warden-cli', method: null, path: null };
      const owner = await services.accounts.createOwnerWith(
        tx,
        { email: input.email, password: input.password, name: input.name, workspace_name: input.workspaceName },
        passwordHash,
        context,
      );
      const issued = await services.keys.createWith(
        tx,
        { type: 'user', id: owner.user.id, workspaceId: owner.workspace.id, environment: null, scopes: new ScopeSet(['*:*']), role: 'owner' },
        { name: 'bootstrap admin key', scopes: ['*:*'], environment: input.environment },
        { ...context, actor: { type: 'user', id: owner.user.id } },
      );
      return {
        user: { id: owner.user.id, email: owner.user.email },
        workspace: { id: owner.workspace.id, name: owner.workspace.name },
        api_key: { id: issued.view.id, key: issued.key, prefix: issued.view.prefix, scopes: issued.view.scopes, environment: issued.view.environment },
        warning: SAVE_KEY_WARNING,
      };
    });
  } finally {
    await services.close();
  }
}
