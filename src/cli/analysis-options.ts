import { Option } from 'commander';
import type { AnalysisOptions } from '../engine/index.js';

/** The implementation-defined choices every command takes as flags (echoed in every result). */
export interface AnalysisFlags {
  ipblockMatchesPods: boolean;
  adminNetworksMatchPods: boolean;
}

export function analysisFlagOptions(): Option[] {
  return [
    new Option('--ipblock-matches-pods', 'let ipBlock peers match pod IPs (as Calico does; by default they match only addresses outside the cluster)').default(false),
    new Option('--admin-networks-match-pods', 'let AdminNetworkPolicy / ClusterNetworkPolicy `networks` peers match pod IPs (by default only addresses outside the cluster)').default(false),
  ];
}

export function analysisOptions(flags: AnalysisFlags): Partial<AnalysisOptions> {
  return { ipBlockMatchesPods: flags.ipblockMatchesPods, adminNetworksMatchPods: flags.adminNetworksMatchPods };
}
