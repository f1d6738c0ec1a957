import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceInfo } from './service-info.model.js';
import { SystemResolver } from './system.resolver.js';
import { SERVICE_INFO } from './system.tokens.js';

@Module({})
export class SystemModule {
  static forRoot(info: ServiceInfo): DynamicModule {
    return { module: SystemModule, providers: [{ provide: SERVICE_INFO, useValue: info }, SystemResolver] };
  }
}
