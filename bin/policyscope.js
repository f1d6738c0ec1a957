#!/usr/bin/env node
// Launcher: the CLI itself is compiled TypeScript (`npm run build` writes dist/). The bundle of it
// (scripts/bundle-cli.mjs) loads faster; it is used only when no `tsc` build came after it.
import { statSync } from 'node:fs';

const modified = (relative) => statSync(new URL(relative, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
const bundled = modified('../dist/src/cli-bundle/main.js');
const compiled = modified('../dist/.tsbuildinfo');
if (bundled !== undefined && compiled !== undefined && bundled >= compiled) await import('../dist/src/cli-bundle/main.js');
else await import('../dist/src/cli/main.js');
