import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { runCli } from '../../src/cli/run-cli.js';
import { caseFolder, caseNames, conformanceDataProblem, conformanceRoot, readJson, type ConformanceSource, type PodTruthTable, type Provenance } from '../support/engine/conformance-data.js';
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

  it('answers can-reach as every k8s e2e truth table says, for every ordered pair and probe (pod-IP ipBlock cases on a cluster created with ipBlockMatchesPods)', async () => {
    const server = t.app.getHttpServer();
    const mismatches: string[] = [];
    let asked = 0;
    for (const [i, name] of caseNames('k8s-e2e').entries()) {
      const folder = caseFolder('k8s-e2e', name);
      const table = readJson<PodTruthTable>(path.join(folder, 'expected.json'));
      const provenance = readJson<Provenance>(path.join(folder, 'provenance.json'));
      // The e2e suite runs on plugins whose ipBlocks match pod IPs; these cases depend on it.
      const podIps = provenance.depends_on_pod_ips === true || (provenance.tags ?? []).includes('ipblock-pod-ip');
      const cluster = `truth-${i}`;
      await request(server).post('/api/v1/clusters').send({ name: cluster, ...(podIps ? { analysisOptions: { ipBlockMatchesPods: true } } : {}) }).expect(201);
      const upload = await request(server)
        .post(`/api/v1/snapshots?cluster=${cluster}&name=${encodeURIComponent(name)}&validation=warn`)
        .set('content-type', 'application/yaml')
        .send(readFileSync(path.join(folder, 'resources.yaml'), 'utf8'))
        .expect(202);
      const id = upload.body.id as string;
      for (let n = 0; n < 600 && (await request(server).get(`/api/v1/snapshots/${id}`)).body.status !== 'ready'; n++) await new Promise((r) => setTimeout(r, 50));
      const allowed = new Set(table.allowed.map(([src, dst, protocol, port]) => `${src} ${dst} ${protocol} ${port}`));
      for (const src of table.pods) {
        for (const dst of table.pods) {
          if (src === dst) continue;
          for (const probe of table.probes) {
            const res = await request(server).get(`/api/v1/snapshots/${id}/can-reach`).query({ from: src, to: dst, port: String(probe.port), protocol: probe.protocol });
            asked++;
            if (res.status !== 200) {
              mismatches.push(`${name}: ${src} -> ${dst} ${probe.protocol}/${probe.port}: HTTP ${res.status}`);
              continue;
            }
            if (podIps) expect(res.body).toMatchObject({ options: { ipBlockMatchesPods: true }, optionSources: { ipBlockMatchesPods: 'cluster' } });
            if (res.body.allowed !== allowed.has(`${src} ${dst} ${probe.protocol} ${probe.port}`)) mismatches.push(`${name}: ${src} -> ${dst} ${probe.protocol}/${probe.port}: allowed=${res.body.allowed}`);
          }
        }
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(asked).toBeGreaterThan(1500);
  }, 600_000);
});
