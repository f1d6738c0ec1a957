// Connectivity as JSON, written in pieces: the text is exactly what the JSON renderer gives
// (it renders everything but the connections; each connection is stringified on its own, with
// the renderer's two-space indentation), and no piece grows much past `chunkChars`, so the
// memory a large answer needs is the result's, not its text's (hundreds of MB at workload
// granularity on 10,000 pods).

import { renderConnectivity, type ConnectivityResult } from '../engine/index.js';

/** The empty connections array as the renderer writes it at the top level of the object. */
const EMPTY_CONNECTIONS = '\n  "connections": []';

export function* connectivityJsonChunks(result: ConnectivityResult, chunkChars = 1 << 16): Generator<string> {
  const frame = renderConnectivity({ ...result, connections: [] }, 'json');
  const at = frame.indexOf(EMPTY_CONNECTIONS);
  if (result.connections.length === 0 || at < 0) {
    yield renderConnectivity(result, 'json');
    return;
  }
  let chunk = `${frame.slice(0, at)}\n  "connections": [\n`;
  for (let i = 0; i < result.connections.length; i++) {
    const text = JSON.stringify(result.connections[i], null, 2).replace(/\n/g, '\n    ');
    chunk += i === 0 ? `    ${text}` : `,\n    ${text}`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n  ]${frame.slice(at + EMPTY_CONNECTIONS.length)}`;
}
