#!/usr/bin/env node
// Runs after `npm ci` / `npm install`: generates the Prisma client (offline, see prisma.mjs) and
// compiles the project, so that the first `npm start` only has to check the build is current.
// In a Docker build stage the sources arrive after the install: then only the client is generated.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (args) => {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(['scripts/prisma.mjs', 'generate']);
if (existsSync('src/main.ts') && existsSync('node_modules/typescript/bin/tsc')) run(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
