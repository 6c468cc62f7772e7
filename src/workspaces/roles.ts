import type { Role } from '../auth/principal.js';
import { WARDEN_RESOURCES } from '../auth/scopes.js';

export const ROLES: readonly Role[] = ['owner', 'admin', 'developer', 'viewer'];

/**
 * What a member's session may do in a workspace:
 * - owner, admin: everything (`*:*`);
 * - developer: every resource read + write except workspace/member management (`workspaces:read` only);
 * - viewer: read everything (`*:read`).
 */
export function scopesForRole(role: Role, deploymentResources: readonly string[]): string[] {
  switch (role) {
    case 'owner':
    case 'admin':
      return ['*:*'];
    case 'developer':
      return [
        ...WARDEN_RESOURCES.filter((r) => r !== 'workspaces').map((r) => `${r}:*`),
        'workspaces:read',
        ...deploymentResources.map((r) => `${r}:*`),
      ];
    case 'viewer':
      return ['*:read'];
  }
}

export function isManagerRole(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}
