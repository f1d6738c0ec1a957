import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Paths the API owns: never answered by the UI, not even with its index page. */
export const API_PATHS = /^\/(api|graphql|health|metrics)(\/|$)/;

/**
 * Serves the built UI (ui/dist): hashed assets cached for a year, index.html never cached, and
 * index.html for any other GET that asks for HTML outside the API paths (client-side routes).
 * The UI has no inline script or style, so the service's strict Content-Security-Policy (helmet,
 * src/common/http/secure-defaults.ts) applies to it unchanged.
 */
export function uiStatic(root: string): RequestHandler {
  const index = join(root, 'index.html');
  const files = express.static(root, {
    index: false,
    // Vite names assets by content hash: cached for a year; anything else is revalidated.
    setHeaders: (res, path) => res.setHeader('cache-control', path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    const serveIndex = () => {
      if (!existsSync(index)) {
        res.status(503).type('text/plain').send('The web UI is not built: run `npm run build` (npm start does), then reload.\n');
        return;
      }
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(index);
    };
    if (req.path === '/' || req.path === '/index.html') return serveIndex();
    files(req, res, () => (extname(req.path) || !req.accepts('html') ? next() : serveIndex()));
  };
}
