import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from './access.decorator.js';
import { ApiKeysService } from './api-keys.service.js';
import { CreateApiKeyInput } from './dto/create-api-key.input.js';
import { ApiKeyModel, CreatedApiKeyModel } from './models/api-key.model.js';
import type { Principal } from './principal.js';

@ApiTags('keys')
@ApiBearerAuth()
@Controller('keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @Access('admin')
  async list(): Promise<ApiKeyModel[]> {
    return (await this.keys.list()).map(ApiKeyModel.from);
  }

  @Post()
  @Access('admin', { audit: 'key.create', auditTarget: 'body.name' })
  async create(@Body() input: CreateApiKeyInput, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyModel> {
    const { key, token } = await this.keys.create({ ...input, createdBy: principal.actor });
    return { apiKey: ApiKeyModel.from(key), key: token };
  }

  @Delete(':id')
  @Access('admin', { audit: 'key.revoke', auditTarget: 'params.id' })
  async revoke(@Param('id') id: string): Promise<ApiKeyModel> {
    return ApiKeyModel.from(await this.keys.revoke(id));
  }
}
