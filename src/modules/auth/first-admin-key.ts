import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { generateKey } from './api-key-secret.js';
import { ApiKeysRepository } from './api-keys.repository.js';

export const ADMIN_KEY_FILE = 'admin-key';

/**
 * On the first start (no key at all), creates one admin key, prints it once and writes it to
 * DATA_DIR/admin-key readable only by the owner (0600), so `npm ci && npm start` leads straight
 * to a working walkthrough. Later starts find a key and do nothing.
 */
@Injectable()
export class FirstAdminKey implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly keys: ApiKeysRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.auth === 'off') {
      this.logger.warn('AUTH=off: every operation is open to anyone who reaches this (loopback) address');
      return;
    }
    const file = resolve(join(this.config.dataDir, ADMIN_KEY_FILE));
    let token = '';
    const created = await this.keys.createFirstKey(
      async () => {
        const key = await generateKey();
        token = key.token;
        return { name: 'initial-admin', keyId: key.keyId, secretHash: key.secretHash, scopes: ['admin'], clusters: [], createdBy: 'first-start' };
      },
      async () => {
        await mkdir(this.config.dataDir, { recursive: true, mode: 0o700 });
        await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'w' });
      },
    );
    if (created) {
      this.logger.warn(`created the first API key (admin), shown only this once: ${token} — also written to ${file} (mode 0600). Create others with POST /api/v1/keys or \`policyscope keys create\`, then revoke this one.`);
    }
  }
}
