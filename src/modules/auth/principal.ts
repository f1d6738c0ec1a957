/** Scopes, weakest first: each one includes those before it (admin can write, write can read). */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: an API key, or everyone when AUTH=off. */
export interface Principal {
  /** `key:<name>` for an API key, `anonymous` when AUTH=off; what the audit log records. */
  actor: string;
  scopes: readonly Scope[];
  /** Cluster names the caller may see; empty = every cluster. */
  clusters: readonly string[];
}

export const UNRESTRICTED: Principal = { actor: 'anonymous', scopes: ['admin'], clusters: [] };

export function hasScope(principal: Principal, needed: Scope): boolean {
  const rank = SCOPES.indexOf(needed);
  return principal.scopes.some((s) => SCOPES.indexOf(s) >= rank);
}

export function mayAccessCluster(principal: Principal, clusterName: string): boolean {
  return principal.clusters.length === 0 || principal.clusters.includes(clusterName);
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
