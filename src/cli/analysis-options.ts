import { InvalidArgumentError, Option } from 'commander';
import { ENFORCEMENT_MODES, parseCidr, type Analysis, type AnalysisRequest, type Enforcement } from '../engine/index.js';
import type { CliIo } from './io.js';

/**
 * The implementation-defined choices every command takes as flags (echoed in every result, with
 * their source). A flag left out is undefined: the detected network plugin, then the engine's
 * default, decides.
 */
export interface AnalysisFlags {
  ipblockMatchesPods?: boolean;
  adminNetworksMatchPods?: boolean;
  enforcement?: Enforcement;
  podCidrs?: string[];
  serviceCidrs?: string[];
}

/** `a,b` → CIDRs; a malformed one is refused with its text. */
function cidrList(value: string): string[] {
  const cidrs = value.split(',').map((c) => c.trim()).filter((c) => c !== '');
  for (const cidr of cidrs) if (!cidr.includes('/') || 'error' in parseCidr(cidr)) throw new InvalidArgumentError(`"${cidr}" is not a CIDR (e.g. 10.244.0.0/16)`);
  return cidrs;
}

export function analysisFlagOptions(): Option[] {
  return [
    new Option('--ipblock-matches-pods', 'let ipBlock peers match pod IPs (as Calico does; by default from the detected network plugin, else only addresses outside the cluster)'),
    new Option('--no-ipblock-matches-pods', 'ipBlock peers match only addresses outside the cluster, whatever the network plugin'),
    new Option('--admin-networks-match-pods', 'let AdminNetworkPolicy / ClusterNetworkPolicy `networks` peers match pod IPs (by default only addresses outside the cluster)'),
    new Option('--no-admin-networks-match-pods', 'admin `networks` peers match only addresses outside the cluster'),
    new Option(
      '--enforcement <mode>',
      'whether the network plugin enforces the policies: enforced, not-enforced (every connection allowed), auto (from the detected plugin; enforced when none is recognised)',
    )
      .choices(ENFORCEMENT_MODES)
      .default('auto'),
    new Option('--pod-cidrs <cidrs>', 'the cluster\'s pod ranges, comma-separated (never "the internet"; by default read from the snapshot: --cluster-cidr, Nodes\' podCIDRs)').argParser(cidrList),
    new Option('--service-cidrs <cidrs>', 'the cluster\'s Service ranges, comma-separated (never "the internet"; by default read from the snapshot: --service-cluster-ip-range)').argParser(cidrList),
  ];
}

export function analysisOptions(flags: AnalysisFlags): AnalysisRequest {
  const request: AnalysisRequest = { enforcement: flags.enforcement ?? 'auto' };
  if (flags.ipblockMatchesPods !== undefined) request.ipBlockMatchesPods = flags.ipblockMatchesPods;
  if (flags.adminNetworksMatchPods !== undefined) request.adminNetworksMatchPods = flags.adminNetworksMatchPods;
  if (flags.podCidrs !== undefined) request.podCIDRs = flags.podCidrs;
  if (flags.serviceCidrs !== undefined) request.serviceCIDRs = flags.serviceCidrs;
  return request;
}

/** On stderr: the recognised network plugin and its evidence; a warning when the policies are not enforced. */
export function reportNetworkPlugin(analysis: Analysis, io: CliIo): void {
  const { cni, enforcement } = analysis.network;
  const evidence = cni.evidence.map((e) => `${e.kind} ${e.namespace}/${e.name} (${e.matched})`).join(', ');
  if (cni.plugin !== null) {
    io.stderr(`network plugin: ${cni.plugin} (${cni.enforcesNetworkPolicy ? 'enforces' : 'does not enforce'} NetworkPolicy; ${cni.reason}); evidence: ${evidence}\n`);
  }
  if (!enforcement.enforced) {
    const why = enforcement.mode === 'not-enforced' ? '--enforcement not-enforced' : `${cni.plugin} does not enforce NetworkPolicy`;
    io.stderr(`warning: policies are not enforced (${why}): every connection is allowed whatever the policies say; --enforcement enforced shows what they intend\n`);
  }
}
