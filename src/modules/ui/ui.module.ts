import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { join } from 'node:path';
import { projectRoot } from '../../project-root.js';
import { uiStatic } from './ui-static.js';

/** The web UI at `/` (built by `npm run build` into ui/dist): static files, no logic of its own. */
@Module({})
export class UiModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  // Registered once the routes are (module init runs after them), before Nest's 404 handler: an
  // API route always wins, and the UI answers only what no route did.
  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.use(uiStatic(join(projectRoot(), 'ui', 'dist')));
  }
}
