import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';
import { authHeaders, signOut } from './session';

/** Called when the service answers 401: the credential is dropped and the user sent to sign in. */
let onUnauthenticated: () => void = () => undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

function isUnauthenticated(error: { response?: { status?: number }; graphQLErrors: { extensions?: Record<string, unknown> }[] }): boolean {
  return error.response?.status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/** One client for the whole UI: urql's document cache, so pages revisited answer at once. */
export const client = new Client({
  url: '/graphql',
  preferGetMethod: false,
  requestPolicy: 'cache-first',
  fetchOptions: () => ({ headers: authHeaders() }),
  exchanges: [
    mapExchange({
      onError(error) {
        if (isUnauthenticated(error)) {
          signOut();
          onUnauthenticated();
        }
      },
    }),
    cacheExchange,
    fetchExchange,
  ],
});

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

async function errorOf(res: Response): Promise<RestError> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string; details?: unknown[] } };
  return new RestError(res.status, body.error?.code ?? String(res.status), body.error?.message ?? res.statusText, body.error?.details);
}

/** A REST call under /api/v1 with the signed-in credential; JSON in and out. */
export async function rest<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, { ...init, headers: { ...authHeaders(), ...(init.headers as Record<string, string>) } });
  if (res.status === 401) {
    signOut();
    onUnauthenticated();
  }
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

/** A REST call that answers text (reports, renderings). */
export async function restText(path: string): Promise<string> {
  const res = await fetch(`/api/v1${path}`, { headers: authHeaders() });
  if (!res.ok) throw await errorOf(res);
  return res.text();
}

export interface UploadAnswer {
  id: string;
  status: string;
  duplicate?: boolean;
  contentShared?: boolean;
}

/** POST /api/v1/snapshots with upload progress (fetch reports none): resolves with the stored snapshot's id. */
export function uploadSnapshot(query: URLSearchParams, body: Blob, contentType: string, onProgress: (sent: number, total: number) => void): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/snapshots?${query.toString()}`);
    xhr.setRequestHeader('content-type', contentType);
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : body.size);
    xhr.onerror = () => reject(new RestError(0, 'NETWORK', 'the service could not be reached'));
    xhr.onload = () => {
      const parsed = (() => {
        try {
          return JSON.parse(xhr.responseText) as Record<string, unknown>;
        } catch {
          return {};
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as unknown as UploadAnswer);
      else {
        if (xhr.status === 401) {
          signOut();
          onUnauthenticated();
        }
        const error = (parsed.error ?? {}) as { code?: string; message?: string; details?: unknown[] };
        reject(new RestError(xhr.status, error.code ?? String(xhr.status), error.message ?? xhr.statusText, error.details ?? []));
      }
    };
    xhr.send(body);
  });
}
