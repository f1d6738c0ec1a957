// `--format rules` (issue 8, "Also"): connectivity as a short list of grouped rules, source group
// ⇒ destination group : ports, that together allow exactly the listed connections. Sources that
// reach the same destinations on the same ports share a rule, so a cluster whose workloads are
// treated alike by their policies reads as a page, not as every pair.
//
// Groups are named by namespace and members (`shop/{api, web}`): a connectivity result carries
// endpoint names, not labels, so a group is exactly the endpoints it lists and expanding the
// rules gives back exactly the connection list (`expandRules`, tested).

import type { Connection, ConnectivityResult, Endpoint, Granularity, PortEntry } from '../result.js';
import { connsText, endpointSortKey, endpointText, isExternal, isNamespaced, NO_CONNECTIONS_TEXT, type TextOptions } from './endpoint-text.js';

export interface ConnectivityRule {
  from: Endpoint[];
  to: Endpoint[];
  allPorts: boolean;
  ports: PortEntry[];
}

function portsKey(c: { allPorts: boolean; ports: readonly PortEntry[] }): string {
  return c.allPorts ? '*' : JSON.stringify(c.ports);
}

/**
 * Rules whose expansion (every source × every destination of a rule, with its ports) is exactly
 * the result's connections: per source and port set, its destinations; then sources with the same
 * destinations and port set are merged into one rule. Deterministic order (by the first source,
 * then the first destination).
 */
export function connectivityRules(result: ConnectivityResult): ConnectivityRule[] {
  const g = result.granularity;
  const key = (e: Endpoint) => endpointSortKey(e, g);
  const endpoints = new Map<string, Endpoint>();
  // source key → ports key → destination keys
  const bySource = new Map<string, Map<string, string[]>>();
  const portsOf = new Map<string, Connection>();
  for (const c of result.connections) {
    const s = key(c.src);
    const d = key(c.dst);
    endpoints.set(s, c.src);
    endpoints.set(d, c.dst);
    const p = portsKey(c);
    portsOf.set(p, c);
    let byPorts = bySource.get(s);
    if (byPorts === undefined) bySource.set(s, (byPorts = new Map()));
    const list = byPorts.get(p);
    if (list === undefined) byPorts.set(p, [d]);
    else list.push(d);
  }
  const merged = new Map<string, { from: string[]; to: string[]; ports: string }>();
  for (const [s, byPorts] of bySource) {
    for (const [p, destinations] of byPorts) {
      const to = [...new Set(destinations)].sort();
      const ruleKey = `${p}\u0000${to.join('\u0001')}`;
      const rule = merged.get(ruleKey);
      if (rule === undefined) merged.set(ruleKey, { from: [s], to, ports: p });
      else rule.from.push(s);
    }
  }
  return [...merged.values()]
    .map((r) => ({ ...r, from: r.from.sort() }))
    .sort((a, b) => (a.from[0] < b.from[0] ? -1 : a.from[0] > b.from[0] ? 1 : a.to[0] < b.to[0] ? -1 : a.to[0] > b.to[0] ? 1 : a.ports < b.ports ? -1 : a.ports > b.ports ? 1 : 0))
    .map((r) => {
      const sample = portsOf.get(r.ports)!;
      return { from: r.from.map((k) => endpoints.get(k)!), to: r.to.map((k) => endpoints.get(k)!), allPorts: sample.allPorts, ports: sample.ports };
    });
}

/** Every connection the rules allow: sources × destinations of each rule. */
export function expandRules(rules: readonly ConnectivityRule[]): Connection[] {
  return rules.flatMap((r) => r.from.flatMap((src) => r.to.map((dst) => ({ src, dst, allPorts: r.allPorts, ports: r.ports }))));
}

/** `ns/{a, b}` per namespace (`{a}` alone when one), endpoints outside namespaces as they are. */
export function groupText(members: readonly Endpoint[], granularity: Granularity, options: TextOptions = {}): string {
  const byNamespace = new Map<string, string[]>();
  const outside: string[] = [];
  for (const e of members) {
    if (!isNamespaced(e)) {
      // An address block lists CIDRs with commas: bracketed, so a group still reads as one list.
      outside.push(isExternal(e) ? `[${endpointText(e, granularity, options)}]` : endpointText(e, granularity, options));
      continue;
    }
    const name = endpointText(e, granularity, options).slice(e.namespace.length + 1);
    const list = byNamespace.get(e.namespace);
    if (list === undefined) byNamespace.set(e.namespace, [name]);
    else list.push(name);
  }
  const parts = [...byNamespace].map(([ns, names]) => (names.length === 1 ? `${ns}/${names[0]}` : `${ns}/{${names.join(', ')}}`));
  return [...parts, ...outside].join(' + ');
}

export function connectivityRulesTxt(result: ConnectivityResult, options: TextOptions = {}): string {
  const rules = connectivityRules(result);
  if (rules.length === 0) return `${NO_CONNECTIONS_TEXT}\n`;
  const g = result.granularity;
  const lines = rules.map((r) => `${groupText(r.from, g, options)} => ${groupText(r.to, g, options)} : ${connsText(r)}`);
  return `# ${rules.length} rules for ${result.connections.length} connections (${g} granularity)\n${lines.join('\n')}\n`;
}
