import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { ServiceInfo } from './service-info.model.js';
import { SERVICE_INFO } from './system.tokens.js';
import { Access } from '../auth/access.decorator.js';

@Resolver(() => ServiceInfo)
export class SystemResolver {
  constructor(@Inject(SERVICE_INFO) private readonly info: ServiceInfo) {}

  @Access('read')
  @Query(() => ServiceInfo, { description: 'Name, version and database mode of this server.' })
  about(): ServiceInfo {
    return this.info;
  }
}
