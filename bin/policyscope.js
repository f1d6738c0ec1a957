#!/usr/bin/env node
// Launcher: the CLI itself is compiled TypeScript (`npm run build` writes dist/).
import '../dist/src/cli/main.js';
