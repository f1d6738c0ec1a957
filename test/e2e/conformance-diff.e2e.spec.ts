// The np-guard diff cases of the conformance data through the REST API: both inputs uploaded, one
// diff asked for. Every case must give the changes, policy changes and exposure that
// `policyscope diff --format json` gives on the same files, each explained change must name a
// found cause, and the cases that need no model override must match np-guard's expected changes
// (as test/conformance/np-guard-diff.spec.ts checks for the engine alone).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { runCli } from '../../src/cli/run-cli.js';
import type { DiffResult } from '../../src/engine/index.js';
import { CHANGE_VALUE, engineDiffRows, npGuardDiffRows } from '../support/engine/conformance-compare.js';
import { conformanceDataProblem, diffCaseFolder, diffCaseNames, readJson, resolveDiffInput, type NpGuardDiffCase } from '../support/engine/conformance-data.js';
import { compareRows } from '../support/engine/np-guard-format.js';
import { patchExpected, readOverride } from '../support/engine/overrides.js';
import { startTestApp, type TestApp } from '../support/app.js';

const cases = diffCaseNames().map((name) => {
  const folder = diffCaseFolder(name);
  const spec = readJson<NpGuardDiffCase>(path.join(folder, 'diff.json'));
  return { name, spec, before: resolveDiffInput(folder, spec.before), after: resolveDiffInput(folder, spec.after) };
});

async function cliDiff(before: string, after: string): Promise<DiffResult> {
  let out = '';
  const code = await runCli(['diff', before, after, '--format', 'json', '--validation', 'warn'], {
    stdout: (text: string) => void (out += text),
    stderr: () => undefined,
    isTTY: false,
  });
  if (code !== 0) throw new Error(`policyscope diff exited ${code} on ${before} ${after}`);
  return JSON.parse(out) as DiffResult;
}

/** What both must agree on: every change with its causes, the policy changes, the exposure. */
function comparable(d: DiffResult): string {
  return JSON.stringify({ changes: d.changes.map((c) => ({ ...c, sample: null })), policies: d.policies, exposure: d.exposure, unexplained: d.unexplainedChanges });
}

describe('np-guard diff cases through the REST API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WORKER_CONCURRENCY: '2' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the diff cases in the repository', () => {
    expect(conformanceDataProblem(path.join('diffs', 'np-guard'))).toBeNull();
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it('two uploads and one diff give the CLI diff, np-guard changes, and a cause for each explained change', async () => {
    const server = t.app.getHttpServer();
    const upload = async (cluster: string, name: string, file: string): Promise<string> => {
      const res = await request(server)
        .post(`/api/v1/snapshots?cluster=${cluster}&name=${name}&validation=warn`)
        .set('content-type', 'application/yaml')
        .send(readFileSync(file, 'utf8'));
      expect(res.status).toBe(202);
      return res.body.id as string;
    };
    const ready = async (id: string, what: string) => {
      for (let i = 0; i < 2400; i++) {
        const s = await request(server).get(`/api/v1/snapshots/${id}`);
        if (s.body.status === 'ready') return;
        if (s.body.status === 'failed') throw new Error(`${what} failed: ${s.body.error}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${what} not ready in 120 s`);
    };
    const uploaded = await Promise.all(
      cases.map(async (c, i) => ({ ...c, from: await upload(`diffconf-${i}`, 'before', c.before), to: await upload(`diffconf-${i}`, 'after', c.after) })),
    );
    const problems: string[] = [];
    for (const c of uploaded) {
      await ready(c.from, `${c.name} before`);
      await ready(c.to, `${c.name} after`);
      const served = (await request(server).get(`/api/v1/diff?from=${c.from}&to=${c.to}`).expect(200)).body as DiffResult;
      if (comparable(served) !== comparable(await cliDiff(c.before, c.after))) problems.push(`${c.name}: REST and CLI diffs differ`);
      const unknown = served.changes.filter((change) => change.causes?.some((cause) => cause.kind === 'unknown'));
      if (unknown.length > 0) problems.push(`${c.name}: ${unknown.length} changes with no cause found`);
      const override = readOverride(c.name);
      if (override?.hostNetworkAsPodNetwork) continue; // np-guard's model of hostNetwork pods: compared by the engine test only
      const mismatches = compareRows(npGuardDiffRows(patchExpected(c.spec.expected.entries, override)), engineDiffRows(served), CHANGE_VALUE, {
        families: override?.families ?? [4],
      });
      if (mismatches.length > 0) problems.push(`${c.name}: ${mismatches.length} changes differ from np-guard, first: ${mismatches[0]}`);
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
