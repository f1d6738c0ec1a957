#!/usr/bin/env node
// Runs the Prisma CLI offline. `prisma generate` only checks that a schema engine exists; it never
// runs it. These machines (and many CI runners) cannot download Prisma's native engine, so where it
// is absent we point PRISMA_SCHEMA_ENGINE_BINARY at a stub that fails loudly if anything does run it.
// Migrations are applied by the project's own migrator (src/database/migrator.ts), not by this CLI.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const enginesDir = join(root, 'node_modules', '@prisma', 'engines');
const hasRealEngine =
  existsSync(enginesDir) && readdirSync(enginesDir).some((f) => f.startsWith('schema-engine'));

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!hasRealEngine && !env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const stub = join(root, 'scripts', 'schema-engine-stub.sh');
  chmodSync(stub, 0o755);
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}

const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env, cwd: root });
process.exit(result.status ?? 1);
