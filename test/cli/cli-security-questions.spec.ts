// `policyscope check --intents`, `paths` and `blast-radius` on test/fixtures/security-questions,
// checked against the engine's answers computed through the pod-pair reference.

import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpointText } from '../../src/engine/index.js';
import { bruteCluster, bruteDistances } from '../support/engine/brute-reach.js';
import { run } from './run.js';

const DIR = 'test/fixtures/security-questions';
const MANIFESTS = `${DIR}/manifests.yaml`;
const INTENTS = `${DIR}/intents.yaml`;

describe('policyscope check --intents', () => {
  it('exits 5 when an intent is violated, and names the offending pair and the policy that allows it', async () => {
    const r = await run(['check', MANIFESTS, '--intents', INTENTS]);
    expect(r.code).toBe(5);
    expect(r.stdout).toContain('FAIL only-backend-reaches-mysql (only-may-reach): 1 violation');
    expect(r.stdout).toContain('  shop/batch[Deployment] => shop/mysql[Deployment] : TCP 3306');
    expect(r.stdout).toMatch(/allowed shop\/batch\S* -> shop\/mysql\S* TCP\/3306 by NetworkPolicy shop\/mysql ingress\[0\] \(Allow\)/);
    expect(r.stdout).toMatch(/^ {2}0\.0\.0\.0\/5, 8\.0\.0\.0\/7, 11\.0\.0\.0\/8, … \(\d+ blocks\) => payments\/api\[Deployment\] : TCP 8443$/m);
    expect(r.stdout).toContain('PASS dev-never-reaches-ledger (deny)');
    expect(r.stdout).toContain('3 of 5 intents violated');
  });

  it('exits 0 when every intent holds; JSON carries each result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-intents-'));
    const holding = join(dir, 'intents.yaml');
    writeFileSync(holding, readFileSync(INTENTS, 'utf8').split('  - name: payments-not-exposed')[0].replace('only-may-reach', 'deny').replace('from: { namespace: shop, labels: { app: backend } }', 'from: { namespace: dev }'));
    const r = await run(['check', MANIFESTS, '--intents', holding, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ holds: true, violated: 0, results: [{ name: 'only-backend-reaches-mysql', type: 'deny', holds: true }] });
  });

  it('a malformed intents file is a usage error (exit 2) naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-intents-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'intents:\n  - name: x\n    type: must-reach\n    from: {}\n    to: {}\n    ports: ["99999"]\n');
    const r = await run(['check', MANIFESTS, '--intents', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('intents[0].ports[0]');
  });
});

describe('policyscope paths / blast-radius', () => {
  const cluster = bruteCluster(readFileSync(MANIFESTS, 'utf8'));

  it('paths --from internet --to tier=db prints one shortest path per reached db workload', async () => {
    const r = await run(['paths', MANIFESTS, '--from', 'internet', '--to', 'tier=db', '-k', '4', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const expected = bruteDistances(cluster, 'internet', 4);
    for (const p of json.paths) expect(p.hops.length).toBe(expected.get(endpointText(p.target, 'workload')));
    expect(json.paths.length).toBeGreaterThan(0);
    const text = await run(['paths', MANIFESTS, '--from', 'internet', '--to', 'tier=db']);
    expect(text.stdout.split('\n')[0]).toBe(`${json.targetsReached} of ${json.targets} targets matching "tier=db" reached from internet within 4 hops`);
  });

  it('blast-radius lists each reachable workload with its hop count', async () => {
    const r = await run(['blast-radius', MANIFESTS, '--from', 'shop/web', '-k', '2', '--format', 'json']);
    expect(r.code).toBe(0);
    const got = new Map(JSON.parse(r.stdout).reached.map((x: { endpoint: never; hops: number }) => [endpointText(x.endpoint, 'workload'), x.hops]));
    expect(got).toEqual(bruteDistances(cluster, 'shop/web[Deployment]', 2));
  });

  it('bad k or an unknown source is a usage error', async () => {
    expect((await run(['paths', MANIFESTS, '--from', 'internet', '--to', 'tier=db', '-k', '11'])).code).toBe(2);
    const r = await run(['blast-radius', MANIFESTS, '--from', 'shop/nothing']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shop/nothing');
  });
});
