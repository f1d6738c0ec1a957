import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into ui/dist and served by the Nest app at `/` (src/modules/ui). Everything is bundled: the
// page loads nothing from another origin, and no inline script, so a strict CSP can apply.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // react-router marks its modules "use client" (for server components); meaningless in a bundle.
      onLog(level, log, handler) {
        if (log.code !== 'MODULE_LEVEL_DIRECTIVE') handler(level, log);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/graphql': 'http://127.0.0.1:3000' } },
});
