import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ClusterSettingsInput, CreateClusterInput } from './dto/cluster.input.js';
import { ClusterModel } from './models/cluster.model.js';
import { ClustersService } from './clusters.service.js';

@ApiTags('clusters')
@Controller('clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  async list(): Promise<ClusterModel[]> {
    return (await this.clusters.list()).map(ClusterModel.from);
  }

  @Post()
  async create(@Body() input: CreateClusterInput): Promise<ClusterModel> {
    const { name, ...fields } = input;
    return ClusterModel.from(await this.clusters.create(name, fields));
  }

  @Get(':name')
  async get(@Param('name') name: string): Promise<ClusterModel> {
    return ClusterModel.from(await this.clusters.get(name));
  }

  @Patch(':name')
  async update(@Param('name') name: string, @Body() input: ClusterSettingsInput): Promise<ClusterModel> {
    return ClusterModel.from(await this.clusters.update(name, input));
  }

  @Delete(':name')
  @HttpCode(204)
  async delete(@Param('name') name: string): Promise<void> {
    await this.clusters.delete(name);
  }
}
