import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, run } from './run.js';

// `policyscope report PATH...` renders the service's report from folders, with no server.

describe('policyscope report', () => {
  it('renders one self-contained HTML page with a point per snapshot in each chart', async () => {
    const r = await run(['report', `${FIXTURES}/basic`, `${FIXTURES}/changed`, `${FIXTURES}/basic`]);
    expect(r.code).toBe(0);
    const charts = r.stdout.match(/<svg class="chart"[\s\S]*?<\/svg>/g)!;
    expect(charts.length).toBeGreaterThan(5);
    for (const chart of charts) expect(chart.match(/<circle class="point"/g)).toHaveLength(3);
    expect(r.stdout).not.toMatch(/https?:\/\/|<script|<link/);
  });

  it('gives the chain and the first-to-last diff in JSON: a revert leaves no net change', async () => {
    const r = await run(['report', '--format', 'json', '--cluster', 'demo', `${FIXTURES}/basic`, `${FIXTURES}/changed`, `${FIXTURES}/basic`]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.cluster).toBe('demo');
    expect(report.snapshots).toBe(3);
    expect(report.steps.map((s: { sameContent: boolean }) => s.sameContent)).toEqual([false, false]);
    // basic -> changed -> basic: each connection change is undone by the second step.
    const [there, back] = report.steps as { counts: Record<string, number> }[];
    expect(back!.counts.connectionsAdded).toBe(there!.counts.connectionsRemoved);
    expect(back!.counts.connectionsRemoved).toBe(there!.counts.connectionsAdded);
    expect(there!.counts.connectionsAdded + there!.counts.connectionsRemoved + there!.counts.connectionsChanged).toBeGreaterThan(0);
    expect(report.diff.changes).toEqual([]);
    expect(report.metrics.every((m: { change: number }) => m.change === 0)).toBe(true);
  });

  it('marks an identical snapshot as same content and writes CSV to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-report-'));
    try {
      const out = join(dir, 'metrics.csv');
      const r = await run(['report', '--format', 'csv', '-o', out, `${FIXTURES}/basic`, `${FIXTURES}/basic`]);
      expect(r.code).toBe(0);
      const rows = readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(rows[0]).toBe('snapshot_id,snapshot,captured_at,metric,value');
      expect(rows.filter((l) => l.includes(',internet_exposed_workloads,'))).toHaveLength(2);
      const json = JSON.parse((await run(['report', '--format', 'json', `${FIXTURES}/basic`, `${FIXTURES}/basic`])).stdout);
      expect(json.steps[0].sameContent).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the findings opened and resolved over the range (JSON, Markdown and HTML)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-report-findings-'));
    try {
      const base = readFileSync('test/fixtures/shop-db/base.yaml', 'utf8');
      const closed = `${base}---\n${readFileSync('test/fixtures/shop-db/db-only-from-web.yaml', 'utf8')}`;
      for (const [name, yaml] of [['open', base], ['closed', closed]] as const) {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'all.yaml'), yaml);
      }
      const json = JSON.parse((await run(['report', '--format', 'json', join(dir, 'open'), join(dir, 'closed')])).stdout);
      // Closing db isolates its ingress: that finding is resolved, and nothing new is opened about it.
      expect(json.findings.resolved).toContainEqual(expect.objectContaining({ code: 'workload.no-ingress-isolation', objects: [expect.objectContaining({ name: 'db' })] }));
      expect(json.findings).toEqual({ opened: json.diff.findings.new, resolved: json.diff.findings.resolved });
      const md = (await run(['report', '--format', 'md', join(dir, 'open'), join(dir, 'closed')])).stdout;
      expect(md).toMatch(/## Findings opened and resolved\n\n\| *\| severity \| code \| finding \|[\s\S]*\| resolved \| \w+ \| workload\.no-ingress-isolation \|/);
      const html = (await run(['report', join(dir, 'open'), join(dir, 'closed')])).stdout;
      expect(html).toContain('<h2>Findings opened and resolved</h2>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
