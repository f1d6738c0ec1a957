import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { fingerprint, generateKey, keyIdOf, verifyKey } from './api-key-secret.js';
import { ApiKeysRepository, type ApiKeyRecord } from './api-keys.repository.js';
import { isScope, type Principal, type Scope } from './principal.js';

export interface CreateKeyRequest {
  name: string;
  scopes: string[];
  clusters?: string[];
  createdBy: string;
}

export interface CreatedKey {
  key: ApiKeyRecord;
  /** The key itself: shown once, never stored. */
  token: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Creates, lists and revokes API keys, and turns an Authorization header into a Principal. */
@Injectable()
export class ApiKeysService {
  /** keyId → fingerprint of the key verified with scrypt: scrypt runs once per key, not per request. */
  private readonly verified = new Map<string, string>();

  constructor(private readonly keys: ApiKeysRepository) {}

  async create(request: CreateKeyRequest): Promise<CreatedKey> {
    const scopes = validScopes(request.scopes);
    const clusters = [...new Set(request.clusters ?? [])];
    if (!request.name.trim()) throw new AppError(ErrorCode.BadRequest, 'a key needs a name', [{ path: 'name', message: 'empty' }]);
    if (scopes.includes('admin') && clusters.length) {
      throw new AppError(ErrorCode.BadRequest, 'an admin key cannot be limited to clusters: admins manage keys and settings of every cluster', [{ path: 'clusters', message: 'not allowed with admin' }]);
    }
    const { token, keyId, secretHash } = await generateKey();
    const key = await this.keys.create({ name: request.name.trim(), keyId, secretHash, scopes, clusters, createdBy: request.createdBy });
    return { key, token };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.keys.list();
  }

  async revoke(id: string): Promise<ApiKeyRecord> {
    const revoked = UUID.test(id) ? await this.keys.revoke(id) : undefined;
    if (!revoked) throw new AppError(ErrorCode.NotFound, `no active API key has id "${id}"`);
    this.verified.delete(revoked.keyId);
    return revoked;
  }

  /** The caller of a request, from its `Authorization: Bearer ps_…` header; 401 for anything else. */
  async authenticate(authorization: string | string[] | undefined): Promise<Principal> {
    if (authorization === undefined) throw unauthenticated('this operation needs an API key: send Authorization: Bearer ps_…');
    const match = /^Bearer\s+(\S+)$/i.exec(Array.isArray(authorization) ? (authorization[0] ?? '') : authorization);
    const token = match?.[1] ?? '';
    const keyId = keyIdOf(token);
    // One answer for every failure, so a caller learns nothing about which keys exist.
    const invalid = unauthenticated('the API key is not valid (unknown, malformed or revoked)');
    if (!keyId) throw invalid;
    const key = await this.keys.findByKeyId(keyId);
    if (!key || key.revokedAt) throw invalid;
    const print = fingerprint(token);
    if (this.verified.get(keyId) !== print) {
      if (!(await verifyKey(token, key.secretHash))) throw invalid;
      this.verified.set(keyId, print);
    }
    return { actor: `key:${key.name}`, scopes: key.scopes.filter(isScope), clusters: key.clusters };
  }

  /** The cluster of a snapshot, for access checks; undefined for an id that names no snapshot. */
  clusterNameOfSnapshot(id: string): Promise<string | undefined> {
    return UUID.test(id) ? this.keys.clusterNameOfSnapshot(id) : Promise.resolve(undefined);
  }
}

function validScopes(scopes: string[]): Scope[] {
  const bad = scopes.filter((s) => !isScope(s));
  if (bad.length || scopes.length === 0) {
    throw new AppError(ErrorCode.BadRequest, `scopes must be one or more of read, write, admin${bad.length ? ` (got ${bad.join(', ')})` : ''}`, [{ path: 'scopes', message: 'read, write or admin' }]);
  }
  return [...new Set(scopes as Scope[])];
}

function unauthenticated(message: string): AppError {
  return new AppError(ErrorCode.Unauthenticated, message);
}
