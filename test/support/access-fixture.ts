import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './app.js';

const SHOP = readFileSync('examples/shop-v1/shop.yaml', 'utf8');

/** The service and keys the access matrices (REST and GraphQL) ask with. */
export interface AccessFixture {
  t: TestApp;
  /** The admin key printed on first start, and keys with scope read, write, and write limited to cluster team-a. */
  keys: Record<'admin' | 'read' | 'write' | 'limitedWrite', string>;
  /** A snapshot of cluster team-b: outside the limited key's clusters. */
  hiddenSnapshot: string;
  close(): Promise<void>;
}

/** A service with AUTH=required on a fresh DATA_DIR, the demo shop uploaded to team-a and team-b, and one key per scope. */
export async function startAccessFixture(dataDirPrefix: string): Promise<AccessFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
  const t = await startTestApp({ AUTH: 'required', DATA_DIR: dataDir });
  const admin = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
  const as = (url: string) => request(t.app.getHttpServer()).post(url).set('authorization', `Bearer ${admin}`);
  await as('/api/v1/snapshots?cluster=team-a').set('content-type', 'application/yaml').send(SHOP).expect(202);
  const hiddenSnapshot = (await as('/api/v1/snapshots?cluster=team-b').set('content-type', 'application/yaml').send(SHOP).expect(202)).body.id as string;
  const make = async (body: Record<string, unknown>) => (await as('/api/v1/keys').send(body).expect(201)).body.key as string;
  const keys = {
    admin,
    read: await make({ name: 'reader', scopes: ['read'] }),
    write: await make({ name: 'writer', scopes: ['write'] }),
    limitedWrite: await make({ name: 'team-a', scopes: ['write'], clusters: ['team-a'] }),
  };
  return {
    t,
    keys,
    hiddenSnapshot,
    close: async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
