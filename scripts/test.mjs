#!/usr/bin/env node
// `npm test`: generates the Prisma client, type-checks and builds (the process-level e2e tests run
// the built service as `npm start` does), then runs every Jest tier with the flags ESM needs, in UTC.
import { spawnSync } from 'node:child_process';

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['scripts/prisma.mjs', 'generate']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
run(process.execPath, ['node_modules/jest/bin/jest.js', ...process.argv.slice(2)], {
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings'].filter(Boolean).join(' '),
  TZ: 'UTC',
});
