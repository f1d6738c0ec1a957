import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentPrincipal } from './access.decorator.js';
import { ApiKeysService } from './api-keys.service.js';
import { CreateApiKeyInput } from './dto/create-api-key.input.js';
import { ApiKeyModel, CreatedApiKeyModel } from './models/api-key.model.js';
import type { Principal } from './principal.js';

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Query(() => [ApiKeyModel], { description: 'Every API key, revoked ones included (admin).' })
  @Access('admin')
  async apiKeys(): Promise<ApiKeyModel[]> {
    return (await this.keys.list()).map(ApiKeyModel.from);
  }

  @Mutation(() => CreatedApiKeyModel, { description: 'Creates an API key and returns it this once (admin).' })
  @Access('admin', { audit: 'key.create', auditTarget: 'args.input.name' })
  async createApiKey(@Args('input', { description: 'Name, scopes and clusters.' }) input: CreateApiKeyInput, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyModel> {
    const { key, token } = await this.keys.create({ ...input, createdBy: principal.actor });
    return { apiKey: ApiKeyModel.from(key), key: token };
  }

  @Mutation(() => ApiKeyModel, { description: 'Revokes an API key: it stops working at once (admin).' })
  @Access('admin', { audit: 'key.revoke', auditTarget: 'args.id' })
  async revokeApiKey(@Args('id', { description: 'Key id (UUID).' }) id: string): Promise<ApiKeyModel> {
    return ApiKeyModel.from(await this.keys.revoke(id));
  }
}
