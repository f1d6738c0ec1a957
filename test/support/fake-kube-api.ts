// A small stand-in for the Kubernetes API server: serves recorded List responses (one fixture file
// per resource, named `<plural>.json`) at the paths the real server uses, with `limit`/`continue`
// paging, bearer-token checks, Status bodies on errors, and a log of every request so tests can see
// what the client actually asked for.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

export const KUBE_API_FIXTURES = fileURLToPath(new URL('../fixtures/kube-api/', import.meta.url));
export const FAKE_TOKEN = 'fake-kube-token';

type KubeObject = Record<string, unknown>;

export interface FakeKubeApiOptions {
  /** Folder of `<plural>.json` List responses; default test/fixtures/kube-api. */
  fixtureDir?: string;
  /** Bearer token the server accepts; anything else gets 401. */
  token?: string;
  /** Plurals this cluster does not serve (a CRD not installed): 404 with a NotFound Status. */
  absent?: readonly string[];
  /** Plural → HTTP status answered to every list of it (e.g. `{ services: 500 }`). */
  failures?: Readonly<Record<string, number>>;
  /** Plural → items replacing the fixture's items (e.g. a thousand generated pods). */
  items?: Readonly<Record<string, readonly KubeObject[]>>;
  /** Plurals whose first continued request answers 410 Expired, as after a long pause. */
  expireFirstContinue?: readonly string[];
  /** Plural → milliseconds to wait before answering. */
  delayMs?: Readonly<Record<string, number>>;
  /** Secrets served at /api/v1/namespaces/{ns}/secrets/{name}, by `ns/name`: their `data` (values base64, as the API gives them). */
  secrets?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The resource plural, when the path is one the fake serves. */
  plural?: string;
  limit?: number;
  continueToken?: string;
  authorization?: string;
  status: number;
}

export interface FakeKubeApi {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Requests for one resource plural, in arrival order. */
  requestsFor(plural: string): RecordedRequest[];
  /** Most requests that were being answered at the same moment. */
  readonly peakInFlight: number;
  /** The item count a full list of the plural returns. */
  itemCount(plural: string): number;
  close(): Promise<void>;
}

interface ServedList {
  plural: string;
  path: string;
  listKind: string;
  apiVersion: string;
  resourceVersion: string;
  items: readonly KubeObject[];
}

export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const lists = loadLists(options);
  const byPath = new Map([...lists.values()].map((list) => [list.path, list]));
  const absent = new Set(options.absent ?? []);
  const expiring = new Set(options.expireFirstContinue ?? []);
  const token = options.token ?? FAKE_TOKEN;
  const requests: RecordedRequest[] = [];
  const pending = new Set<ReturnType<typeof setTimeout>>();
  let inFlight = 0;
  let peakInFlight = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const list = byPath.get(url.pathname);
    const limitText = url.searchParams.get('limit');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      plural: list?.plural ?? url.pathname.split('/').pop(),
      limit: limitText === null ? undefined : Number(limitText),
      continueToken: url.searchParams.get('continue') ?? undefined,
      authorization: req.headers.authorization,
      status: 0,
    };
    requests.push(record);
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    const secret = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(url.pathname);
    const answer = () => {
      inFlight--;
      const [status, body] = secret
        ? respondSecret(req, secret[1]!, secret[2]!, options.secrets ?? {}, token)
        : respond(req, record, list, { absent, expiring, token, failures: options.failures ?? {} });
      record.status = status;
      send(res, status, body);
    };
    const delay = list ? options.delayMs?.[list.plural] : undefined;
    if (!delay) return answer();
    const timer = setTimeout(() => {
      pending.delete(timer);
      answer();
    }, delay);
    pending.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get peakInFlight() {
      return peakInFlight;
    },
    requestsFor: (plural) => requests.filter((request) => request.plural === plural),
    itemCount: (plural) => lists.get(plural)?.items.length ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Delayed answers must not hold the test run open.
        for (const timer of pending) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface Behaviour {
  absent: ReadonlySet<string>;
  expiring: Set<string>;
  token: string;
  failures: Readonly<Record<string, number>>;
}

function respond(req: IncomingMessage, record: RecordedRequest, list: ServedList | undefined, behaviour: Behaviour): [number, unknown] {
  if (req.headers.authorization !== `Bearer ${behaviour.token}`) return [401, status(401, 'Unauthorized', 'Unauthorized')];
  if (req.method !== 'GET') return [405, status(405, 'MethodNotAllowed', `${req.method} is not supported by the fake API server`)];
  if (!list || behaviour.absent.has(list.plural)) return [404, status(404, 'NotFound', 'the server could not find the requested resource')];
  const failure = behaviour.failures[list.plural];
  if (failure !== undefined) return [failure, status(failure, reasonFor(failure), `fake failure listing ${list.plural}`)];

  let offset = 0;
  if (record.continueToken !== undefined) {
    const decoded = decodeContinue(record.continueToken, list);
    if (decoded === undefined) return [400, status(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion')];
    if (behaviour.expiring.delete(list.plural)) {
      const expired = status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      return [410, expired];
    }
    offset = decoded;
  }
  const limit = record.limit !== undefined && record.limit > 0 ? record.limit : list.items.length;
  const end = Math.min(offset + limit, list.items.length);
  const metadata: KubeObject = { resourceVersion: list.resourceVersion };
  if (end < list.items.length) {
    metadata.continue = encodeContinue(list, end);
    metadata.remainingItemCount = list.items.length - end;
  }
  return [200, { kind: list.listKind, apiVersion: list.apiVersion, metadata, items: list.items.slice(offset, end) }];
}

/** One Secret, as the API server answers `GET …/secrets/{name}` (401 without the token, 404 when absent). */
function respondSecret(req: IncomingMessage, namespace: string, name: string, secrets: Readonly<Record<string, Readonly<Record<string, string>>>>, token: string): [number, unknown] {
  if (req.headers.authorization !== `Bearer ${token}`) return [401, status(401, 'Unauthorized', 'Unauthorized')];
  const data = secrets[`${namespace}/${name}`];
  if (!data) return [404, status(404, 'NotFound', `secrets "${name}" not found`)];
  return [200, { kind: 'Secret', apiVersion: 'v1', metadata: { name, namespace, resourceVersion: '1' }, type: 'Opaque', data }];
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'audit-id': `fake-${Date.now()}` });
  res.end(text);
}

/** The body the real API server sends with every error: a `Status` object. */
function status(code: number, reason: string, message: string): KubeObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details: {}, code };
}

function reasonFor(code: number): string {
  const reasons: Record<number, string> = { 403: 'Forbidden', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable' };
  return reasons[code] ?? 'Unknown';
}

// Real tokens are opaque base64 of a JSON key; this one carries what the fake needs to resume.
function encodeContinue(list: ServedList, offset: number): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: list.resourceVersion, plural: list.plural, start: offset })).toString('base64url');
}

function decodeContinue(token: string, list: ServedList): number | undefined {
  try {
    const key: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof key !== 'object' || key === null) return undefined;
    const { plural, start, rv } = key as Record<string, unknown>;
    if (plural !== list.plural || rv !== list.resourceVersion || !Number.isInteger(start)) return undefined;
    return start as number;
  } catch {
    return undefined;
  }
}

function loadLists(options: FakeKubeApiOptions): Map<string, ServedList> {
  const dir = options.fixtureDir ?? KUBE_API_FIXTURES;
  const lists = new Map<string, ServedList>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const plural = basename(file, '.json');
    const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { kind: string; apiVersion: string; metadata?: { resourceVersion?: string }; items: KubeObject[] };
    const group = parsed.apiVersion.includes('/') ? 'apis' : 'api';
    lists.set(plural, {
      plural,
      path: `/${group}/${parsed.apiVersion}/${plural}`,
      listKind: parsed.kind,
      apiVersion: parsed.apiVersion,
      resourceVersion: parsed.metadata?.resourceVersion ?? '1',
      items: options.items?.[plural] ?? parsed.items,
    });
  }
  return lists;
}

// ---------------------------------------------------------------- kubeconfig

export interface KubeconfigContext {
  name: string;
  server: string;
  token?: string;
  namespace?: string;
}

/** Writes a kubeconfig with one cluster, token user and context per entry; returns the file path. */
export function writeKubeconfig(file: string, contexts: readonly KubeconfigContext[], currentContext = contexts[0]?.name): string {
  writeFileSync(file, kubeconfigText(contexts, currentContext), { mode: 0o600 });
  return file;
}

/** The text of such a kubeconfig (to put in a Secret, say). */
export function kubeconfigText(contexts: readonly KubeconfigContext[], currentContext = contexts[0]?.name): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': currentContext,
    clusters: contexts.map((c) => ({ name: `${c.name}-cluster`, cluster: { server: c.server, 'insecure-skip-tls-verify': true } })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: { token: c.token ?? FAKE_TOKEN } })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: `${c.name}-cluster`, user: `${c.name}-user`, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
  };
  return stringify(config);
}
