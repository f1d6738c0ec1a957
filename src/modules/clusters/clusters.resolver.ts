import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClusterSettingsInput, CreateClusterInput } from './dto/cluster.input.js';
import { ClusterModel } from './models/cluster.model.js';
import { ClustersService } from './clusters.service.js';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { mayAccessCluster, type Principal } from '../auth/principal.js';
import { requireAdminForCaptureTarget } from './capture-target-access.js';

@Resolver(() => ClusterModel)
export class ClustersResolver {
  constructor(private readonly service: ClustersService) {}

  @Access('read')
  @Query(() => [ClusterModel], { description: 'Every cluster, by name.' })
  async clusters(@CurrentPrincipal() principal: Principal): Promise<ClusterModel[]> {
    return (await this.service.list()).filter((c) => mayAccessCluster(principal, c.name)).map(ClusterModel.from);
  }

  @Access('read', { targets: { clusterNames: ['args.name'] } })
  @Query(() => ClusterModel, { description: 'One cluster by name.' })
  async cluster(@Args('name', { description: 'Cluster name.' }) name: string): Promise<ClusterModel> {
    return ClusterModel.from(await this.service.get(name));
  }

  @Access('write', { targets: { clusterNames: ['args.input.name'] }, audit: 'cluster.create' })
  @Mutation(() => ClusterModel, { description: 'Creates a cluster (uploads also create one on first use).' })
  async createCluster(@Args('input', { description: 'Name and settings.' }) input: CreateClusterInput, @CurrentPrincipal() principal: Principal): Promise<ClusterModel> {
    requireAdminForCaptureTarget(principal, input);
    const { name, ...fields } = input;
    return ClusterModel.from(await this.service.create(name, fields));
  }

  @Access('write', { targets: { clusterNames: ['args.name'] }, audit: 'cluster.update' })
  @Mutation(() => ClusterModel, { description: 'Changes the settings of a cluster; fields left out keep their value.' })
  async updateCluster(
    @Args('name', { description: 'Cluster name.' }) name: string,
    @Args('input', { description: 'Settings to change.' }) input: ClusterSettingsInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ClusterModel> {
    requireAdminForCaptureTarget(principal, input);
    return ClusterModel.from(await this.service.update(name, input));
  }

  @Access('write', { targets: { clusterNames: ['args.name'] }, audit: 'cluster.delete' })
  @Mutation(() => Boolean, { description: 'Deletes the cluster with all its snapshots and results.' })
  async deleteCluster(@Args('name', { description: 'Cluster name.' }) name: string): Promise<boolean> {
    await this.service.delete(name);
    return true;
  }
}
