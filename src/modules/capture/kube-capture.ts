// Live capture: list every object kind the analyser reads from a running cluster and return them as
// one list of complete Kubernetes objects (kind and apiVersion set), the same shape as a folder of
// manifests. All or nothing: any failure other than an absent CRD throws, and no partial result
// escapes, because an analysis of half a cluster would report reachability that is not there.

import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  Observable,
  ResponseContext,
  type ConfigurationOptions,
  type ObservableMiddleware,
} from '@kubernetes/client-node';

export interface CaptureTarget {
  /** Path to a kubeconfig file. Exactly one of kubeconfigPath, kubeconfig and inCluster. */
  kubeconfigPath?: string;
  /** A kubeconfig's text (read from a Secret) and what to call it in errors (never its contents). */
  kubeconfig?: { text: string; source: string };
  /** Context in the kubeconfig file; its current-context when absent. */
  context?: string;
  /** Use the pod's service account (KUBERNETES_SERVICE_HOST/PORT and the mounted token). */
  inCluster?: boolean;
  /** Objects per list request (`limit`); default 500. */
  pageSize?: number;
  /** Deadline for the whole capture; default 5 minutes. */
  timeoutMs?: number;
}

export interface CaptureResult {
  objects: Record<string, unknown>[];
  warnings: string[];
  /** List responses received (every page of every resource). */
  pages: number;
  durationMs: number;
}

export class CaptureError extends Error {
  constructor(
    message: string,
    /** The resource being listed, as `<apiVersion>/<plural>` (e.g. `apps/v1/deployments`). */
    readonly resource?: string,
    /** HTTP status of the failed request, when the server answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CaptureError';
  }
}

export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_CAPTURE_TIMEOUT_MS = 5 * 60_000;
/** Lists in flight at once: enough to hide latency, few enough not to trip API priority and fairness. */
const CONCURRENT_LISTS = 4;
/** An expired continue token (410) restarts that resource's list; twice in a row means the cluster churns too fast. */
const MAX_LIST_RESTARTS = 2;

type KubeObject = Record<string, unknown>;

interface Page {
  items: KubeObject[];
  continueToken: string | undefined;
}

interface PageRequest {
  limit: number;
  continueToken: string | undefined;
  options: ConfigurationOptions;
}

interface ResourceLister {
  /** `<apiVersion>/<plural>`: names the resource in warnings and errors. */
  resource: string;
  kind: string;
  apiVersion: string;
  /** A CRD the cluster may not serve: 404 is a warning, not a failure. */
  optional: boolean;
  listPage(request: PageRequest): Promise<Page>;
}

export async function captureCluster(target: CaptureTarget): Promise<CaptureResult> {
  const started = performance.now();
  const pageSize = positiveInteger(target.pageSize, DEFAULT_PAGE_SIZE, 'pageSize');
  const timeoutMs = positiveInteger(target.timeoutMs, DEFAULT_CAPTURE_TIMEOUT_MS, 'timeoutMs');
  const listers = resourceListers(loadKubeConfig(target));

  const run = new CaptureRun(pageSize, timeoutMs);
  try {
    const perResource = await run.inPool(listers.map((lister) => () => run.listAll(lister)));
    const objects: KubeObject[] = [];
    const warnings: string[] = [];
    perResource.forEach((listed, index) => {
      if (listed === ABSENT) warnings.push(`${listers[index].resource} not served by this cluster (CRD absent): skipped`);
      else for (const object of listed) objects.push(object);
    });
    return { objects, warnings, pages: run.pages, durationMs: Math.round(performance.now() - started) };
  } finally {
    run.finish();
  }
}

// ---------------------------------------------------------------- kubeconfig

function loadKubeConfig(target: CaptureTarget): KubeConfig {
  const kc = new KubeConfig();
  if (target.inCluster && target.kubeconfigPath !== undefined) {
    throw new CaptureError('choose one of kubeconfigPath and inCluster, not both');
  }
  if (target.inCluster) {
    if (target.context !== undefined) throw new CaptureError('context applies to a kubeconfig file, not to an in-cluster capture');
    kc.loadFromCluster();
    // The library builds the URL from KUBERNETES_SERVICE_HOST/PORT without checking them.
    if (/\/\/undefined[:/]|:undefined$/.test(kc.getCurrentCluster()?.server ?? '')) {
      throw new CaptureError('not running inside a Kubernetes pod: KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT are not set');
    }
    return kc;
  }
  const source = target.kubeconfig?.source ?? target.kubeconfigPath;
  if (target.kubeconfig !== undefined) {
    try {
      kc.loadFromString(target.kubeconfig.text);
    } catch {
      // The parser's message may quote the text (a YAML error shows the offending line): never echo it.
      throw new CaptureError(`cannot load kubeconfig ${source}: not a valid kubeconfig`);
    }
  } else {
    if (target.kubeconfigPath === undefined) throw new CaptureError('a capture needs kubeconfigPath, a kubeconfig Secret or inCluster');
    try {
      kc.loadFromFile(target.kubeconfigPath);
    } catch (error) {
      // The parser's message may quote the file (a YAML error shows the offending line): never echo it.
      const code = (error as { code?: unknown })?.code;
      throw new CaptureError(`cannot load kubeconfig ${target.kubeconfigPath}: ${typeof code === 'string' && code.startsWith('E') ? code : 'not a valid kubeconfig file'}`);
    }
  }
  if (target.context !== undefined) {
    if (!kc.getContexts().some((context) => context.name === target.context)) {
      const known = kc.getContexts().map((context) => context.name).join(', ') || 'none';
      throw new CaptureError(`context ${JSON.stringify(target.context)} is not in ${source} (contexts: ${known})`);
    }
    kc.setCurrentContext(target.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new CaptureError(`kubeconfig ${source} has no cluster for context ${JSON.stringify(kc.getCurrentContext())}`);
  }
  return kc;
}

/**
 * The kubeconfig a Secret holds (`data[key]`, base64), read with the service's own credentials:
 * `secretsKubeconfig` (a kubeconfig file the operator configured) or, without it, the pod's service
 * account. Errors name the Secret and key, never the contents.
 */
export async function readKubeconfigSecret(secret: { namespace: string; name: string; key: string }, secretsKubeconfig: string | undefined): Promise<{ text: string; source: string }> {
  const source = `Secret ${secret.namespace}/${secret.name} (key ${secret.key})`;
  const kc = loadKubeConfig(secretsKubeconfig === undefined ? { inCluster: true } : { kubeconfigPath: secretsKubeconfig });
  let data: Record<string, string> | undefined;
  try {
    data = (await kc.makeApiClient(CoreV1Api).readNamespacedSecret({ namespace: secret.namespace, name: secret.name })).data;
  } catch (error) {
    const status = (error as { code?: unknown })?.code;
    const why = status === 404 ? 'does not exist' : status === 403 ? 'may not be read by the service (RBAC: get secrets in that namespace)' : `could not be read (${typeof status === 'number' ? `HTTP ${status}` : 'no answer'})`;
    throw new CaptureError(`${source} ${why}`);
  }
  const encoded = data?.[secret.key];
  if (encoded === undefined) throw new CaptureError(`${source} has no key ${secret.key} (keys: ${Object.keys(data ?? {}).join(', ') || 'none'})`);
  return { text: Buffer.from(encoded, 'base64').toString('utf8'), source };
}

// ---------------------------------------------------------------- what is listed

function resourceListers(kc: KubeConfig): ResourceLister[] {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const networking = kc.makeApiClient(NetworkingV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  return [
    builtIn('Namespace', 'v1', 'namespaces', (q, o) => core.listNamespace(q, o)),
    builtIn('Node', 'v1', 'nodes', (q, o) => core.listNode(q, o)),
    builtIn('Pod', 'v1', 'pods', (q, o) => core.listPodForAllNamespaces(q, o)),
    builtIn('Deployment', 'apps/v1', 'deployments', (q, o) => apps.listDeploymentForAllNamespaces(q, o)),
    builtIn('ReplicaSet', 'apps/v1', 'replicasets', (q, o) => apps.listReplicaSetForAllNamespaces(q, o)),
    builtIn('StatefulSet', 'apps/v1', 'statefulsets', (q, o) => apps.listStatefulSetForAllNamespaces(q, o)),
    builtIn('DaemonSet', 'apps/v1', 'daemonsets', (q, o) => apps.listDaemonSetForAllNamespaces(q, o)),
    builtIn('Job', 'batch/v1', 'jobs', (q, o) => batch.listJobForAllNamespaces(q, o)),
    builtIn('CronJob', 'batch/v1', 'cronjobs', (q, o) => batch.listCronJobForAllNamespaces(q, o)),
    builtIn('ReplicationController', 'v1', 'replicationcontrollers', (q, o) => core.listReplicationControllerForAllNamespaces(q, o)),
    builtIn('Service', 'v1', 'services', (q, o) => core.listServiceForAllNamespaces(q, o)),
    builtIn('Ingress', 'networking.k8s.io/v1', 'ingresses', (q, o) => networking.listIngressForAllNamespaces(q, o)),
    builtIn('NetworkPolicy', 'networking.k8s.io/v1', 'networkpolicies', (q, o) => networking.listNetworkPolicyForAllNamespaces(q, o)),
    customResource(custom, 'Route', 'route.openshift.io', 'v1', 'routes'),
    customResource(custom, 'AdminNetworkPolicy', 'policy.networking.k8s.io', 'v1alpha1', 'adminnetworkpolicies'),
    customResource(custom, 'BaselineAdminNetworkPolicy', 'policy.networking.k8s.io', 'v1alpha1', 'baselineadminnetworkpolicies'),
    customResource(custom, 'ClusterNetworkPolicy', 'policy.networking.k8s.io', 'v1alpha2', 'clusternetworkpolicies'),
  ];
}

/** What every typed `list…` call returns: model instances plus list metadata (`continue` spelled `_continue`). */
interface TypedList {
  items: object[];
  metadata?: { _continue?: string };
}

type TypedListCall = (query: { limit: number; _continue?: string }, options: ConfigurationOptions) => Promise<TypedList>;

function builtIn(kind: string, apiVersion: string, plural: string, list: TypedListCall): ResourceLister {
  return {
    resource: `${apiVersion}/${plural}`,
    kind,
    apiVersion,
    optional: false,
    async listPage({ limit, continueToken, options }) {
      const query = continueToken === undefined ? { limit } : { limit, _continue: continueToken };
      const wire = keepWireItems(options);
      const typed = await list(query, wire.options);
      return { items: wire.items(), continueToken: typed.metadata?._continue || undefined };
    },
  };
}

function customResource(api: CustomObjectsApi, kind: string, group: string, version: string, plural: string): ResourceLister {
  return {
    resource: `${group}/${version}/${plural}`,
    kind,
    apiVersion: `${group}/${version}`,
    optional: true,
    async listPage({ limit, continueToken, options }) {
      // Cluster-wide list: for a namespaced CRD (routes) the same path lists every namespace.
      const list: unknown = await api.listClusterCustomObject({ group, version, plural, limit, _continue: continueToken }, options);
      const record = isRecord(list) ? list : {};
      const items = Array.isArray(record.items) ? record.items.filter(isRecord) : [];
      const metadata = isRecord(record.metadata) ? record.metadata : {};
      const token = typeof metadata.continue === 'string' && metadata.continue !== '' ? metadata.continue : undefined;
      return { items, continueToken: token };
    },
  };
}

// ---------------------------------------------------------------- one capture run

const ABSENT = Symbol('absent');
type Listed = KubeObject[] | typeof ABSENT;

class CaptureRun {
  pages = 0;
  private readonly abort = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private timedOut = false;
  private readonly options: ConfigurationOptions;

  constructor(
    private readonly pageSize: number,
    private readonly timeoutMs: number,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.abort.abort();
    }, timeoutMs);
    this.options = abortWith(this.abort.signal);
  }

  finish(): void {
    clearTimeout(this.timer);
    // Nothing may still be downloading once the caller has its answer or its error.
    this.abort.abort();
  }

  /** Runs the tasks a few at a time, in order; the first failure stops the rest and is rethrown. */
  async inPool<T>(tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (!failure && next < tasks.length) {
        const index = next++;
        try {
          results[index] = await tasks[index]();
        } catch (error) {
          if (!failure) {
            failure = { error };
            this.abort.abort(); // in-flight lists of other resources are pointless now
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_LISTS, tasks.length) }, worker));
    if (failure) throw failure.error;
    return results;
  }

  async listAll(lister: ResourceLister): Promise<Listed> {
    for (let restarts = 0; ; restarts++) {
      const objects: KubeObject[] = [];
      let continueToken: string | undefined;
      try {
        do {
          if (this.abort.signal.aborted) throw this.stoppedError(lister);
          const page = await lister.listPage({ limit: this.pageSize, continueToken, options: this.options });
          this.pages++;
          for (const item of page.items) objects.push(completeObject(item, lister.kind, lister.apiVersion));
          continueToken = page.continueToken;
        } while (continueToken !== undefined);
        return objects;
      } catch (error) {
        const status = httpStatusOf(error);
        if (status === 404 && lister.optional && continueToken === undefined) return ABSENT;
        // A continue token expires after a few minutes; a fresh list is consistent again.
        if (status === 410 && continueToken !== undefined && restarts < MAX_LIST_RESTARTS) continue;
        throw this.captureErrorFor(error, lister);
      }
    }
  }

  private stoppedError(lister: ResourceLister): CaptureError {
    return this.timedOut ? this.timeoutError(lister) : new CaptureError(`listing ${lister.resource} stopped: another list failed`, lister.resource);
  }

  private timeoutError(lister: ResourceLister): CaptureError {
    return new CaptureError(`capture timed out after ${this.timeoutMs} ms while listing ${lister.resource}`, lister.resource);
  }

  private captureErrorFor(error: unknown, lister: ResourceLister): CaptureError {
    if (error instanceof CaptureError) return error;
    if (this.timedOut) return this.timeoutError(lister);
    const status = httpStatusOf(error);
    if (status !== undefined) {
      const reason = statusMessageOf(error);
      return new CaptureError(`listing ${lister.resource} failed: HTTP ${status}${reason ? ` (${reason})` : ''}`, lister.resource, status);
    }
    return new CaptureError(`listing ${lister.resource} failed: ${messageOf(error)}`, lister.resource);
  }
}

/** Per-call options that tie every request of a capture to one AbortSignal (timeout and fail-fast). */
function abortWith(signal: AbortSignal): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

/**
 * The items of a successful list as the API server sent them. The typed client would deserialise
 * them into model classes that drop every field the client does not know: exactly the fields a
 * newer API server adds, which the parser must see to warn that verdicts may miss their effect (it
 * also renames some, `from` to `_from`). The typed deserialiser is handed the list without its
 * items (it still reads `metadata.continue`, and errors still become ApiException), so nothing is
 * parsed twice.
 */
function keepWireItems(options: ConfigurationOptions): { options: ConfigurationOptions; items(): KubeObject[] } {
  let items: KubeObject[] = [];
  const middleware: ObservableMiddleware = {
    pre: (context) => new Observable(Promise.resolve(context)),
    post: (response) =>
      new Observable(
        (async () => {
          if (response.httpStatusCode < 200 || response.httpStatusCode > 299) return response;
          const list: unknown = JSON.parse(await response.body.text());
          const record = isRecord(list) ? list : {};
          items = Array.isArray(record.items) ? record.items.filter(isRecord) : [];
          const rest = JSON.stringify({ ...record, items: [] });
          return new ResponseContext(response.httpStatusCode, response.headers, { text: async () => rest, binary: async () => Buffer.from(rest) });
        })(),
      ),
  };
  return { options: { ...options, middleware: [...(options.middleware ?? []), middleware] }, items: () => items };
}

// ---------------------------------------------------------------- objects

/**
 * List items carry no kind/apiVersion (built-in kinds) or may carry them (CRDs): set both so each
 * object stands alone. managedFields are bookkeeping of who wrote which field, often larger than
 * the object itself, and meaningless to the analysis.
 */
export function completeObject(item: KubeObject, kind: string, apiVersion: string): KubeObject {
  const { kind: _kind, apiVersion: _apiVersion, metadata, ...rest } = item;
  if (!isRecord(metadata)) return { apiVersion, kind, ...rest };
  const { managedFields: _managedFields, ...keptMetadata } = metadata;
  return { apiVersion, kind, metadata: keptMetadata, ...rest };
}

// ---------------------------------------------------------------- errors

/** The client reports a non-2xx answer as ApiException with `code`; network failures have none. */
function httpStatusOf(error: unknown): number | undefined {
  return error instanceof ApiException && typeof error.code === 'number' ? error.code : undefined;
}

/** The body of a failed call is the raw response text (a Kubernetes Status as JSON, usually). */
function statusMessageOf(error: unknown): string | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const body: unknown = error.body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim().slice(0, 200) || undefined;
    }
  }
  return isRecord(parsed) && typeof parsed.message === 'string' ? parsed.message : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new CaptureError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
