#!/usr/bin/env node
// `npm test`: generates the Prisma client, type-checks and builds (the process-level e2e tests run
// the built service as `npm start` does), then runs every Jest tier with the flags ESM needs, in UTC.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserWarning = existsSync(chromium)
  ? null
  : `*** THE BROWSER TEST TIER DID NOT RUN: no Chromium at ${chromium}. Run scripts/ensure-chromium.sh as root (Debian's chromium). ***`;
if (browserWarning) console.error(`\n${browserWarning}\n`);
process.on('exit', () => browserWarning && console.error(`\n${browserWarning}\n`));

run(process.execPath, ['scripts/prisma.mjs', 'generate']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
run(process.execPath, ['scripts/build-ui.mjs']); // the browser tier drives the built UI
run(process.execPath, ['node_modules/jest/bin/jest.js', ...process.argv.slice(2)], {
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings'].filter(Boolean).join(' '),
  TZ: 'UTC',
});
