// A can-reach answer through a Service as text: the Service port, then one line per selected pod
// with the port it maps to there and the verdict, then the network context.

import type { ServiceExplanation } from '../result.js';
import { endpointText, type TextOptions } from './endpoint-text.js';
import { networkLines } from './txt.js';

export function serviceExplanationTxt(e: ServiceExplanation, options: TextOptions = {}): string {
  const src = endpointText(e.src, 'pod', options);
  const port = e.servicePort;
  const reached = e.endpoints.filter((x) => x.allowed).length;
  const lines = [
    `${src} => Service ${e.service.namespace}/${e.service.name} : ${e.protocol} ${port.port}${port.name ? ` (${port.name})` : ''} → targetPort ${port.targetPort}: ${e.allowed ? 'ALLOWED' : 'DENIED'} (${reached} of ${e.endpoints.length} endpoints reached)`,
    ...e.endpoints.map((x) => {
      const pod = endpointText(x.pod, 'pod', options);
      if (x.targetPort === null) return `  ${pod}: not reached: ${x.reason ?? 'no target port'}`;
      const why = x.verdict ? (x.verdict.egress.allowed ? x.verdict.ingress.reason : x.verdict.egress.reason) : (x.reason ?? '');
      return `  ${pod} port ${x.targetPort}: ${x.allowed ? 'allowed' : 'denied'}: ${why}`;
    }),
    ...(e.endpoints.length === 0 ? ['  the Service selects no pod'] : []),
    `options: ipBlockMatchesPods=${e.options.ipBlockMatchesPods} hostNetwork=${e.options.hostNetwork} adminNetworksMatchPods=${e.options.adminNetworksMatchPods}`,
    ...networkLines(e),
  ];
  return lines.map((l) => `${l}\n`).join('');
}
