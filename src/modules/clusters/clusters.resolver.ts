import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClusterSettingsInput, CreateClusterInput } from './dto/cluster.input.js';
import { ClusterModel } from './models/cluster.model.js';
import { ClustersService } from './clusters.service.js';

@Resolver(() => ClusterModel)
export class ClustersResolver {
  constructor(private readonly service: ClustersService) {}

  @Query(() => [ClusterModel], { description: 'Every cluster, by name.' })
  async clusters(): Promise<ClusterModel[]> {
    return (await this.service.list()).map(ClusterModel.from);
  }

  @Query(() => ClusterModel, { description: 'One cluster by name.' })
  async cluster(@Args('name', { description: 'Cluster name.' }) name: string): Promise<ClusterModel> {
    return ClusterModel.from(await this.service.get(name));
  }

  @Mutation(() => ClusterModel, { description: 'Creates a cluster (uploads also create one on first use).' })
  async createCluster(@Args('input', { description: 'Name and settings.' }) input: CreateClusterInput): Promise<ClusterModel> {
    const { name, ...fields } = input;
    return ClusterModel.from(await this.service.create(name, fields));
  }

  @Mutation(() => ClusterModel, { description: 'Changes the settings of a cluster; fields left out keep their value.' })
  async updateCluster(@Args('name', { description: 'Cluster name.' }) name: string, @Args('input', { description: 'Settings to change.' }) input: ClusterSettingsInput): Promise<ClusterModel> {
    return ClusterModel.from(await this.service.update(name, input));
  }

  @Mutation(() => Boolean, { description: 'Deletes the cluster with all its snapshots and results.' })
  async deleteCluster(@Args('name', { description: 'Cluster name.' }) name: string): Promise<boolean> {
    await this.service.delete(name);
    return true;
  }
}
