import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/app.js';

// Runs the README's walkthrough exactly as written against a started service, so it never goes
// stale. The only changes: the service listens on a free port instead of 3000, and its DATA_DIR
// (where the first start writes the admin key the script reads) is a temporary folder.
const README = readFileSync('README.md', 'utf8');

function walkthrough(): string {
  const block = /<!-- walkthrough:start -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(README);
  if (!block) throw new Error('README.md has no walkthrough block');
  return block[1]!;
}

describe('README walkthrough', () => {
  let t: TestApp;
  let base: string;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'policyscope-readme-'));
    t = await startTestApp({ AUTH: 'required', DATA_DIR: dataDir });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs as written and shows connectivity, a denied can-reach with its reasons, exposure and history', async () => {
    const script = walkthrough();
    expect(script).toContain('http://127.0.0.1:3000');
    expect(script).toContain('KEY=$(cat .policyscope/admin-key)');
    // Asynchronously: the service answering the script runs in this very process.
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('timeout', ['120', 'bash', '-e', '-c', script.replaceAll('http://127.0.0.1:3000', base).replaceAll('.policyscope/admin-key', join(dataDir, 'admin-key'))], { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('shop/frontend[Deployment] => shop/cart[Deployment] : TCP 8080');
    expect(out).toContain('{ingress-controller} => shop/frontend[Deployment] : TCP 8080');
    const canReach = JSON.parse(out.split('\n').find((l) => l.startsWith('{"allowed"'))!);
    expect(canReach).toMatchObject({ allowed: false, ingress: { allowed: false } });
    expect(canReach.decidedBy.length).toBeGreaterThan(0);
    // The braces case: a curl line with {ingress-controller} in its URL runs as printed (-g).
    expect(script).toMatch(/curl [^\n]*-g[^\n]*from=\{ingress-controller\}/);
    const fromIngress = JSON.parse(out.split('\n').filter((l) => l.startsWith('{"allowed"'))[1]!);
    expect(fromIngress).toMatchObject({ allowed: true, ingress: { allowed: true } });
    const exposure = JSON.parse(out.split('\n').find((l) => l.includes('"exposed"'))!);
    expect(exposure.exposed.map((e: { endpoint: { name: string } }) => e.endpoint.name)).toContain('frontend');
    expect(out).toContain('removed: shop/checkout[Deployment] => payments/payments-api[Deployment] : TCP 8443');
    expect(out).toContain('policy added: NetworkPolicy payments/payments-api-to-internet');
    const history = JSON.parse(out.split('\n').find((l) => l.startsWith('{"cluster":"demo"'))!);
    expect(history.snapshots.map((s: { name: string }) => s.name)).toEqual(['v1', 'v2']);
  }, 150_000);
});
