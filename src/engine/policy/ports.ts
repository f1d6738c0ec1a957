// Turning a rule's port list into a PortSet for one destination. Named ports resolve on the
// destination pod's container ports (same name, same protocol); towards an address outside the
// cluster a name cannot be resolved and stays a named entry of the set.

import type { ContainerPort, PortMatch } from '../model.js';
import { PortSet } from '../sets/port-set.js';

export type PortDestination = { kind: 'pod'; ports: readonly ContainerPort[] } | { kind: 'external' };

export interface ResolvedPorts {
  ports: PortSet;
  /** Names that matched no container port of the destination pod (each name once). */
  unresolved: string[];
}

const EVERY_PORT: ResolvedPorts = Object.freeze({ ports: PortSet.ALL, unresolved: [] });

function numericMatch(match: Exclude<PortMatch, { kind: 'named' }>): PortSet {
  return match.kind === 'range' ? PortSet.range(match.protocol, match.from, match.to) : PortSet.protocol(match.protocol);
}

/** `null` (no `ports` in the rule) means every port of every protocol. */
export function resolvePorts(matches: readonly PortMatch[] | null, destination: PortDestination): ResolvedPorts {
  if (matches === null) return EVERY_PORT;
  let ports = PortSet.EMPTY;
  const resolvedNames = new Set<string>();
  const namesSeen: string[] = [];
  for (const match of matches) {
    if (match.kind !== 'named') {
      ports = ports.union(numericMatch(match));
      continue;
    }
    if (!namesSeen.includes(match.name)) namesSeen.push(match.name);
    if (destination.kind === 'external') {
      ports = ports.union(PortSet.named(match.protocol, match.name));
      resolvedNames.add(match.name);
      continue;
    }
    for (const containerPort of destination.ports) {
      if (containerPort.name === match.name && containerPort.protocol === match.protocol) {
        ports = ports.union(PortSet.port(match.protocol, containerPort.port));
        resolvedNames.add(match.name);
      }
    }
  }
  return { ports, unresolved: namesSeen.filter((name) => !resolvedNames.has(name)) };
}

/** The named ports a rule's port list mentions. */
export function namedPortsOf(matches: readonly PortMatch[] | null): string[] {
  if (matches === null) return [];
  const names: string[] = [];
  for (const match of matches) if (match.kind === 'named' && !names.includes(match.name)) names.push(match.name);
  return names;
}
