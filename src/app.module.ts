import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { graphqlCodeOf } from './common/errors/error-mapping.js';
import { complexityPlugin, queryLimitRules } from './common/graphql/query-limits.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { AnalysisModule } from './modules/analysis/analysis.module.js';
import { CaptureModule } from './modules/capture/capture.module.js';
import { ClustersModule } from './modules/clusters/clusters.module.js';
import { DiffModule } from './modules/diff/diff.module.js';
import { FindingsModule } from './modules/findings/findings.module.js';
import { SnapshotObjectsModule } from './modules/snapshot-objects/snapshot-objects.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IntentsModule } from './modules/intents/intents.module.js';
import { PathsModule } from './modules/paths/paths.module.js';
import { WhatIfModule } from './modules/what-if/what-if.module.js';
import { QueriesModule } from './modules/queries/queries.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { MonitoringModule } from './modules/monitoring/monitoring.module.js';
import { WebhooksModule } from './modules/webhooks/webhooks.module.js';
import { SnapshotsModule } from './modules/snapshots/snapshots.module.js';
import { SystemModule } from './modules/system/system.module.js';
import { UiModule } from './modules/ui/ui.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  version: string;
  embeddedDatabase: boolean;
}

@Module({})
export class AppModule {
  static forRoot(opts: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(opts.databaseUrl),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection: opts.config.graphql.introspection,
          graphiql: opts.config.graphql.sandbox,
          // Depth, aliases and cost bounded before anything runs (docs/contracts.md "GraphQL limits").
          validationRules: queryLimitRules(opts.config.graphql),
          plugins: [complexityPlugin(opts.config.graphql.maxComplexity)],
          includeStacktraceInErrorResponses: false,
          // The exception filter maps errors of field resolvers too (e.g. Snapshot.connectivity), so
          // a field's typed error keeps its code instead of becoming INTERNAL.
          fieldResolverEnhancers: ['filters'],
          // Errors Apollo raises itself (parse, validation, variable types) get a code of the REST set too.
          formatError: (formatted) => ({ ...formatted, extensions: { ...formatted.extensions, code: graphqlCodeOf(formatted.extensions?.code) } }),
        }),
        HealthModule,
        AuthModule,
        AnalysisModule.forRoot({ runWorkers: opts.config.workersInProcess }),
        ClustersModule,
        SnapshotsModule,
        CaptureModule,
        QueriesModule,
        FindingsModule,
        SnapshotObjectsModule,
        IntentsModule,
        PathsModule,
        WhatIfModule,
        DiffModule,
        ReportsModule,
        MonitoringModule.forRoot({ requireAuth: opts.config.metricsRequireAuth }),
        WebhooksModule,
        SystemModule.forRoot({ name: 'policyscope', version: opts.version, embeddedDatabase: opts.embeddedDatabase }),
        UiModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: opts.config },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
      ],
      exports: [APP_CONFIG],
    };
  }
}
