import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ClusterSettingsInput, CreateClusterInput } from './dto/cluster.input.js';
import { ClusterModel } from './models/cluster.model.js';
import { ClustersService } from './clusters.service.js';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { mayAccessCluster, type Principal } from '../auth/principal.js';
import { requireAdminForCaptureTarget } from './capture-target-access.js';

@ApiTags('clusters')
@Controller('clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Access('read')
  @Get()
  async list(@CurrentPrincipal() principal: Principal): Promise<ClusterModel[]> {
    return (await this.clusters.list()).filter((c) => mayAccessCluster(principal, c.name)).map(ClusterModel.from);
  }

  @Access('write', { targets: { clusterNames: ['body.name'] }, audit: 'cluster.create' })
  @Post()
  async create(@Body() input: CreateClusterInput, @CurrentPrincipal() principal: Principal): Promise<ClusterModel> {
    requireAdminForCaptureTarget(principal, input);
    const { name, ...fields } = input;
    return ClusterModel.from(await this.clusters.create(name, fields));
  }

  @Access('read', { targets: { clusterNames: ['params.name'] } })
  @Get(':name')
  async get(@Param('name') name: string): Promise<ClusterModel> {
    return ClusterModel.from(await this.clusters.get(name));
  }

  @Access('write', { targets: { clusterNames: ['params.name'] }, audit: 'cluster.update' })
  @Patch(':name')
  async update(@Param('name') name: string, @Body() input: ClusterSettingsInput, @CurrentPrincipal() principal: Principal): Promise<ClusterModel> {
    requireAdminForCaptureTarget(principal, input);
    return ClusterModel.from(await this.clusters.update(name, input));
  }

  @Access('write', { targets: { clusterNames: ['params.name'] }, audit: 'cluster.delete' })
  @Delete(':name')
  @HttpCode(204)
  async delete(@Param('name') name: string): Promise<void> {
    await this.clusters.delete(name);
  }
}
