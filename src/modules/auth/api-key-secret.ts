import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * API keys look like `ps_<keyId>_<secret>`: keyId (12 hex digits) finds the stored row, the
 * secret (32 random bytes) proves possession. Only an scrypt hash of the whole key is stored.
 *
 * scrypt rather than argon2: it is in node:crypto (no native addon to build or download on every
 * platform we ship to), it is memory-hard, and for a 256-bit random secret the hash is a second
 * line of defence (a stolen table cannot be brute-forced either way), not the only one.
 */
const KEY_PATTERN = /^ps_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

export interface NewKey {
  /** The whole key, shown once. */
  token: string;
  keyId: string;
  secretHash: string;
}

function scryptAsync(secret: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashKey(token: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(token, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyKey(token: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(token, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}

export async function generateKey(): Promise<NewKey> {
  const keyId = randomBytes(6).toString('hex');
  const token = `ps_${keyId}_${randomBytes(32).toString('base64url')}`;
  return { token, keyId, secretHash: await hashKey(token) };
}

/** The keyId of a well-formed key; undefined for anything else. */
export function keyIdOf(token: string): string | undefined {
  return KEY_PATTERN.exec(token)?.[1];
}

/** A fast fingerprint of a key already verified, so scrypt runs once per key and process, not per request. */
export function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
