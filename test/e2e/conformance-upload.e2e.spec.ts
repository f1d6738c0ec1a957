import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { runCli } from '../../src/cli/run-cli.js';
import { caseNames, conformanceDataProblem, conformanceRoot, type ConformanceSource } from '../support/engine/conformance-data.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Every conformance case, uploaded over REST and analysed by the durable jobs, must give
// exactly the connectivity `policyscope analyze --format json` gives on the same file. Both read
// in `warn` mode, as np-guard does: one np-guard case has a mis-cased field, as upstream wrote it.
const SOURCES: ConformanceSource[] = ['k8s-e2e', 'np-guard'];
const cases = SOURCES.flatMap((source) => caseNames(source).map((name) => ({ source, name, file: path.join(conformanceRoot(), 'cases', source, name, 'resources.yaml') })));

async function cliJson(file: string, granularity: string): Promise<{ connections: unknown[]; options: unknown }> {
  let out = '';
  const code = await runCli(['analyze', file, '--format', 'json', '--granularity', granularity, '--validation', 'warn'], {
    stdout: (text: string) => void (out += text),
    stderr: () => undefined,
    isTTY: false,
  });
  if (code !== 0) throw new Error(`policyscope analyze exited ${code} on ${file}`);
  return JSON.parse(out);
}

describe('conformance cases uploaded over REST', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WORKER_CONCURRENCY: '2' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the conformance data in the repository', () => {
    expect(conformanceDataProblem('cases')).toBeNull();
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it('serves, for every case, the connectivity the CLI computes', async () => {
    const server = t.app.getHttpServer();
    const uploaded = await Promise.all(
      cases.map(async (c, i) => {
        const res = await request(server)
          .post(`/api/v1/snapshots?cluster=conf-${i}&name=${encodeURIComponent(c.name)}&validation=warn`)
          .set('content-type', 'application/yaml')
          .send(readFileSync(c.file, 'utf8'));
        expect(res.status).toBe(202);
        return { ...c, id: res.body.id as string };
      }),
    );
    const mismatches: string[] = [];
    for (const c of uploaded) {
      let status = '';
      for (let i = 0; i < 600 && status !== 'ready'; i++) {
        const s = await request(server).get(`/api/v1/snapshots/${c.id}`);
        status = s.body.status;
        if (status === 'failed') throw new Error(`${c.source}/${c.name} failed: ${s.body.error}`);
        if (status !== 'ready') await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe('ready');
      for (const granularity of ['workload', 'pod']) {
        const served = await request(server).get(`/api/v1/snapshots/${c.id}/connectivity?granularity=${granularity}&format=json`).expect(200);
        const expected = await cliJson(c.file, granularity);
        if (JSON.stringify(served.body.connections) !== JSON.stringify(expected.connections) || JSON.stringify(served.body.options) !== JSON.stringify(expected.options)) {
          mismatches.push(`${c.source}/${c.name} (${granularity})`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);
});
