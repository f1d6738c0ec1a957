// Connectivity as JSON text, streamed from a stored view: exactly the JSON renderer's text for the
// whole result (two-space indentation), produced row by row from cached fragments (each endpoint
// and each port set is stringified once), in chunks of about `chunkChars`.

import { renderConnectivity } from '../render/index.js';
import { keptRows, type RowQuery, type StoredView } from './stored-view.js';

const EMPTY_CONNECTIONS = '\n  "connections": []';
/** A connection's fields sit at depth 3 of the document (6 spaces); their nested values one deeper. */
const NESTED = '\n      ';

function fragment(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, NESTED);
}

export function* connectivityJsonStream(view: StoredView, snapshot: string, query: RowQuery = {}, chunkChars = 1 << 16): Generator<string> {
  const frame = renderConnectivity({ ...view.frame(snapshot), connections: [] }, 'json');
  const at = frame.indexOf(EMPTY_CONNECTIONS);
  const endpointText = new Map<number, string>();
  const portsText = new Map<number, string>();
  const endpoint = (e: number): string => {
    let text = endpointText.get(e);
    if (text === undefined) endpointText.set(e, (text = fragment(view.endpoints[e])));
    return text;
  };
  const ports = (id: number): string => {
    let text = portsText.get(id);
    if (text === undefined) {
      const conns = view.conns(id);
      portsText.set(id, (text = `"allPorts": ${conns.allPorts},${NESTED}"ports": ${fragment(conns.ports)}`));
    }
    return text;
  };
  let chunk = '';
  let first = true;
  for (const row of keptRows(view, query)) {
    if (first) {
      chunk = `${frame.slice(0, at)}\n  "connections": [\n    `;
      first = false;
    } else chunk += ',\n    ';
    chunk += `{${NESTED}"src": ${endpoint(row.src)},${NESTED}"dst": ${endpoint(row.dst)},${NESTED}${ports(row.id)}\n    }`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (first) {
    yield frame;
    return;
  }
  yield `${chunk}\n  ]${frame.slice(at + EMPTY_CONNECTIONS.length)}`;
}
