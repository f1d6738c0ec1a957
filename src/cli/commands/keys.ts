// `policyscope keys create|list|revoke`: API keys of the service, managed directly in its database
// (DATABASE_URL), e.g. to create the first key of a deployment or to recover from a lost admin key.

import { PrismaPg } from '@prisma/adapter-pg';
import { AppError } from '../../common/errors/app-error.js';
import { PrismaClient } from '../../generated/prisma/client.js';
import { ApiKeysRepository } from '../../modules/auth/api-keys.repository.js';
import { ApiKeysService } from '../../modules/auth/api-keys.service.js';
import { AuditRepository } from '../../modules/auth/audit/audit.repository.js';
import { CliFailure, EXIT_INPUT_ERROR, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';

const ACTOR = 'cli';

async function withKeys<T>(io: CliIo, work: (keys: ApiKeysService, audit: AuditRepository) => Promise<T>): Promise<T> {
  const url = io.env?.DATABASE_URL;
  if (!url) {
    throw new CliFailure('keys works on the service\'s database: set DATABASE_URL (the embedded one, while the service runs: postgresql://postgres:postgres@127.0.0.1:54329/policyscope)', EXIT_USAGE);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    return await work(new ApiKeysService(new ApiKeysRepository(prisma)), new AuditRepository(prisma));
  } catch (err) {
    if (err instanceof AppError) throw new CliFailure(err.message, EXIT_INPUT_ERROR);
    throw new CliFailure(`database: ${(err as Error).message.split('\n').filter(Boolean).pop() ?? String(err)}`, EXIT_INPUT_ERROR);
  } finally {
    await prisma.$disconnect();
  }
}

const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** Prints the new key alone on stdout (`KEY=$(policyscope keys create …)`), its description on stderr. */
export async function runKeysCreate(name: string, opts: { scopes: string; clusters?: string }, io: CliIo): Promise<number> {
  const { key, token } = await withKeys(io, async (keys, audit) => {
    const created = await keys.create({ name, scopes: list(opts.scopes), clusters: list(opts.clusters), createdBy: ACTOR });
    await audit.record({ actor: ACTOR, action: 'key.create', target: created.key.name });
    return created;
  });
  io.stdout(`${token}\n`);
  io.stderr(`created API key ${key.id} "${key.name}" (${key.scopes.join(', ')}${key.clusters.length ? `; clusters ${key.clusters.join(', ')}` : ''}); the key above is shown only now\n`);
  return EXIT_OK;
}

export async function runKeysList(opts: { json?: boolean }, io: CliIo): Promise<number> {
  const rows = await withKeys(io, (keys) => keys.list());
  const shown = rows.map((k) => ({
    id: k.id,
    prefix: `ps_${k.keyId}`,
    name: k.name,
    scopes: k.scopes,
    clusters: k.clusters,
    createdBy: k.createdBy,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
  if (opts.json) {
    io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
    return EXIT_OK;
  }
  for (const k of shown) {
    io.stdout(`${[k.id, k.prefix, k.name, k.scopes.join(','), k.clusters.join(',') || '*', k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'active'].join('\t')}\n`);
  }
  return EXIT_OK;
}

export async function runKeysRevoke(id: string, io: CliIo): Promise<number> {
  const key = await withKeys(io, async (keys, audit) => {
    const revoked = await keys.revoke(id);
    await audit.record({ actor: ACTOR, action: 'key.revoke', target: revoked.id });
    return revoked;
  });
  io.stderr(`revoked API key ${key.id} "${key.name}"\n`);
  return EXIT_OK;
}
