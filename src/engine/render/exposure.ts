// Exposure in the text formats: one line (or row) per exposed endpoint and outside source.

import type { ExposedEndpoint } from '../queries/exposure.js';
import type { Granularity } from '../result.js';
import { connsText, endpointText, INGRESS_CONTROLLER_TEXT, type TextOptions } from './endpoint-text.js';
import { csvField } from './csv.js';
import { mdCell } from './md.js';

interface ExposureRow {
  endpoint: string;
  from: string;
  conns: string;
}

function rows(exposed: readonly ExposedEndpoint[], g: Granularity, options: TextOptions): ExposureRow[] {
  return exposed.flatMap((e) => {
    const endpoint = endpointText(e.endpoint, g, options);
    const external = e.fromExternal.map((x) => ({
      endpoint,
      from: endpointText({ kind: 'External', cidrs: x.cidrs }, g, options),
      conns: connsText(x),
    }));
    const ingress = e.fromIngressController ? [{ endpoint, from: INGRESS_CONTROLLER_TEXT, conns: connsText(e.fromIngressController) }] : [];
    return [...external, ...ingress];
  });
}

/** `shop/frontend[Deployment] <= 0.0.0.0/0, ::/0 : TCP 8080`; a line saying so when nothing is exposed. */
export function exposureTxt(exposed: readonly ExposedEndpoint[], g: Granularity, options: TextOptions = {}): string {
  const lines = rows(exposed, g, options).map((r) => `${r.endpoint} <= ${r.from} : ${r.conns}\n`);
  return lines.length > 0 ? lines.join('') : 'nothing is reachable from outside the cluster\n';
}

export function exposureCsv(exposed: readonly ExposedEndpoint[], g: Granularity, options: TextOptions = {}): string {
  return [['endpoint', 'from', 'conn'], ...rows(exposed, g, options).map((r) => [r.endpoint, r.from, r.conns])]
    .map((row) => `${row.map(csvField).join(',')}\n`)
    .join('');
}

export function exposureMd(exposed: readonly ExposedEndpoint[], g: Granularity, options: TextOptions = {}): string {
  const body = rows(exposed, g, options).map((r) => `| ${mdCell(r.endpoint)} | ${mdCell(r.from)} | ${mdCell(r.conns)} |`);
  if (body.length === 0) return 'Nothing is reachable from outside the cluster.\n';
  return ['| endpoint | from | conn |', '|---|---|---|', ...body].map((l) => `${l}\n`).join('');
}
