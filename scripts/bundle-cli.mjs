#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js and the project modules it loads) into a few files
// in dist/src/cli-bundle/, which bin/policyscope.js prefers while they are newer than the last
// `tsc -p tsconfig.build.json` (dist/.tsbuildinfo). Node otherwise resolves, reads and compiles some
// 125 ES modules one by one on every `policyscope` run: about 0.1 s of CPU on a 2-core machine, a
// tenth of the 1 s that issue 8 allows a whole `analyze --format stats` run at 10,000 pods.
// Packages stay external (loaded from node_modules as before); commands keep their own chunks, so
// a command still loads only what it imports. Without rolldown (a devDependency, also Vite's) nothing is
// bundled and the launcher loads the modules.
import { rmSync } from 'node:fs';
import path from 'node:path';

const OUT = 'dist/src/cli-bundle';

let build;
try {
  ({ build } = await import('rolldown'));
} catch {
  console.log('cli bundle: rolldown not installed; the CLI runs from dist/src/cli');
  process.exit(0);
}

rmSync(OUT, { recursive: true, force: true });
await build({
  input: 'dist/src/cli/main.js',
  platform: 'node',
  // Project files only; the Prisma client is generated code with its own runtime.
  external: (id) => !(id.startsWith('.') || path.isAbsolute(id)) || id.includes('/generated/'),
  // Beside dist/src/generated, so the Prisma client's relative import stays right.
  output: { dir: OUT, format: 'esm', sourcemap: true },
  logLevel: 'warn',
});
console.log(`cli bundle: ${OUT}`);
