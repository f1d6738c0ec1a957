// `--port 80`, `--port 80/TCP`, `--port 53/udp`: the destination port of `explain`.

import type { Protocol } from '../engine/model.js';

export interface PortArgument {
  port: number;
  protocol: Protocol;
}

/** Undefined when the text is not PORT or PORT/PROTOCOL with a port in 1..65535. */
export function parsePortArgument(text: string): PortArgument | undefined {
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  if (match === null) return undefined;
  const port = Number(match[1]);
  if (port < 1 || port > 65535) return undefined;
  return { port, protocol: (match[2]?.toUpperCase() ?? 'TCP') as Protocol };
}
