#!/usr/bin/env node
// Builds the web UI (ui/ → ui/dist, served by the service at `/`): type-checks it against the
// GraphQL schema copy (gql.tada) and bundles it with Vite. Skipped when ui/dist is newer than every
// UI source and the lockfile, so `npm start` stays quick; `--force` rebuilds anyway.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const UI = 'ui';
const STAMP = join(UI, 'dist', '.built');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(join(UI, 'index.html'))) process.exit(0); // a Docker stage or a checkout without the UI
const upToDate = existsSync(STAMP) && statSync(STAMP).mtimeMs >= Math.max(newestSource(UI), statSync('package-lock.json').mtimeMs);
if (upToDate && !process.argv.includes('--force')) {
  console.log('ui: up to date (ui/dist)');
  process.exit(0);
}

const run = (args) => {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(['node_modules/typescript/bin/tsc', '-p', join(UI, 'tsconfig.json')]);
run(['node_modules/vite/bin/vite.js', 'build', '--config', join(UI, 'vite.config.ts'), '--logLevel', 'warn']);
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
console.log('ui: built into ui/dist');
