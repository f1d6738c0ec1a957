import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { createPool } from './connections.js';
import { DATABASE_URL, PG_POOL } from './database.tokens.js';
import { DataGeneration } from './data-generation.js';
import { PrismaService } from './prisma.service.js';

export { DATABASE_URL, PG_POOL };

@Injectable()
class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended && !this.pool.ending) await this.pool.end();
  }
}

/** One `pg` pool for the process: Prisma's adapter runs on it, and so do bulk paths (COPY) and health. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_URL, useValue: databaseUrl },
        {
          provide: PG_POOL,
          // Connection loss (restart, failover, terminated backends) fails the work in flight, never the process.
          useFactory: () => createPool(databaseUrl, { max: 10, applicationName: 'policyscope', context: 'Database' }),
        },
        PrismaService,
        PoolCloser,
        DataGeneration,
      ],
      exports: [DATABASE_URL, PrismaService, PG_POOL, DataGeneration],
    };
  }
}
