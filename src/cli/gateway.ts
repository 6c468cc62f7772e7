import { loadConfig } from '../server/config.js';
import { loadGatewayTable } from '../gateway/routes-file.js';
import { describeTable } from '../gateway/route-table.js';
import { UsageError } from './users.js';

/**
 * `warden gateway check FILE`: validates a routes file without starting (exit 1 with file:line
 * messages); `warden gateway routes [FILE]`: prints the table as Warden understood it (default:
 * WARDEN_GATEWAY_CONFIG). Scope resources are checked against WARDEN_SCOPE_RESOURCES.
 */
export function runGateway(args: string[]): void {
  const [action, file, ...extra] = args;
  if ((action !== 'check' && action !== 'routes') || extra.length > 0) throw new UsageError('usage: warden gateway check FILE | warden gateway routes [FILE]');
  const config = loadConfig();
  const path = file ?? (action === 'routes' ? config.gatewayConfig : undefined);
  if (!path) throw new UsageError(action === 'check' ? 'usage: warden gateway check FILE' : 'name a routes file or set WARDEN_GATEWAY_CONFIG');
  const table = loadGatewayTable({ gatewayConfig: path, scopeResources: config.scopeResources })!;
  if (action === 'check') console.log(`${path}: ${table.routes.length} route(s), OK`);
  else process.stdout.write(describeTable(table));
}
