// Intents, attack paths, blast radius and what-if on the shop fixture, each compared with the
// reference computed pod pair by pod pair (test/support/engine/brute-reach.ts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  askSnapshot,
  attackPaths,
  blastRadius,
  endpointText,
  evaluateIntents,
  parseIntents,
  podConnections,
  PortSet,
  validateIntents,
  whatIf,
  type AttackPathsResult,
  type BlastRadiusResult,
  type Intent,
  type IntentReport,
  type PodModel,
  type WhatIfResult,
} from '../../../src/engine/index.js';
import { bruteCluster, bruteDistances, probeFromOutside, PUBLIC_ADDRESS, workloadText } from '../../support/engine/brute-reach.js';

const DIR = join(process.cwd(), 'test/fixtures/security-questions');
const MANIFESTS = readFileSync(join(DIR, 'manifests.yaml'), 'utf8');
const INTENTS_TEXT = readFileSync(join(DIR, 'intents.yaml'), 'utf8');
const cluster = bruteCluster(MANIFESTS);

function intentsOf(text: string): Intent[] {
  const read = parseIntents(text);
  if ('errors' in read) throw new Error(JSON.stringify(read.errors));
  return read.intents;
}

/** Whether a pod matches an intent selector, read by hand from the fixture's namespaces. */
function podMatches(p: PodModel, s: Intent['to']): boolean {
  if (s.namespace !== undefined && p.namespace !== s.namespace) return false;
  const nsLabels = cluster.snapshot.namespaces.find((n) => n.name === p.namespace)?.labels ?? {};
  const labelsOk = (want: Intent['to']['labels'], have: Record<string, string>) => {
    if (want === undefined) return true;
    if (typeof want === 'string') {
      const m = /^(\S+) in \(([^)]*)\)$/.exec(want)!;
      return m[2].split(',').map((v) => v.trim()).includes(have[m[1]]);
    }
    return Object.entries(want).every(([k, v]) => have[k] === v);
  };
  return labelsOk(s.namespaceLabels, nsLabels) && labelsOk(s.labels, p.labels);
}

/** Offending workload pairs per intent, pod pair by pod pair. */
function expectedViolations(intent: Intent): Set<string> {
  const wanted = (intent.ports ?? []).reduce((set, text) => set.union(PortSet.parse(`${text.split('/')[1]} ${text.split('/')[0]}`)), intent.ports ? PortSet.EMPTY : PortSet.ALL);
  const out = new Set<string>();
  const targets = cluster.pods.filter((p) => podMatches(p, intent.to));
  if (intent.type === 'not-exposed') {
    for (const q of targets) {
      if (!probeFromOutside(cluster.analysis, PUBLIC_ADDRESS, q).intersect(wanted).isEmpty()) out.add(`internet -> ${workloadText(q)}`);
      if (!probeFromOutside(cluster.analysis, '{ingress-controller}', q).intersect(wanted).isEmpty()) out.add(`{ingress-controller} -> ${workloadText(q)}`);
    }
    return out;
  }
  for (const p of cluster.pods) {
    const inFrom = podMatches(p, intent.from!);
    for (const q of targets) {
      if (workloadText(p) === workloadText(q)) continue;
      const ports = cluster.edges.has(`${workloadText(p)}\u0000${workloadText(q)}`) ? podPorts(p, q) : PortSet.EMPTY;
      const key = `${workloadText(p)} -> ${workloadText(q)}`;
      if (intent.type === 'deny' && inFrom && !ports.intersect(wanted).isEmpty()) out.add(key);
      if (intent.type === 'only-may-reach' && !inFrom && !ports.intersect(wanted).isEmpty()) out.add(key);
      if (intent.type === 'must-reach' && inFrom && !wanted.subtract(ports).isEmpty()) out.add(key);
    }
  }
  return out;
}

function podPorts(p: PodModel, q: PodModel): PortSet {
  return podConnections(cluster.analysis, p, q);
}

function actualViolations(report: IntentReport, name: string): Set<string> {
  const result = report.results.find((r) => r.name === name)!;
  expect(result.violations.length).toBe(result.violationCount);
  return new Set(
    result.violations.map((v) => {
      const from = v.from.kind === 'External' ? 'internet' : endpointText(v.from, 'workload');
      return `${from} -> ${endpointText(v.to, 'workload')}`;
    }),
  );
}

describe('intents file', () => {
  it('reads the fixture: five intents, ports normalised', () => {
    const intents = intentsOf(INTENTS_TEXT);
    expect(intents.map((i) => i.type)).toEqual(['only-may-reach', 'not-exposed', 'must-reach', 'deny', 'not-exposed']);
    expect(intents[0].ports).toEqual(['3306/TCP']);
    expect(intents[4].ports).toEqual(['1-8079/TCP', '8081-65535/TCP']);
  });

  it('names the field at fault for each problem', () => {
    const read = validateIntents({
      apiVersion: 'policyscope/v2',
      intents: [
        { name: 'a', type: 'allow', to: {} },
        { name: 'b', type: 'deny', to: { labels: 'app in' }, from: {}, ports: ['70000/TCP'] },
        { name: 'c', type: 'not-exposed', from: {}, to: { pods: {} } },
        { name: 'c', type: 'must-reach', to: {} },
      ],
    });
    expect('errors' in read).toBe(true);
    const paths = (read as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['apiVersion', 'intents[0].type', 'intents[1].to.labels', 'intents[1].ports[0]', 'intents[2].from', 'intents[2].to.pods', 'intents[3].name', 'intents[3].from']));
  });

  it('reports YAML syntax errors as errors, not exceptions', () => {
    expect('errors' in parseIntents('intents: [')).toBe(true);
  });
});

describe('evaluateIntents', () => {
  const intents = intentsOf(INTENTS_TEXT);
  const report = evaluateIntents(cluster.analysis, intents);

  it.each(intents.map((i) => [i.name, i] as const))('%s: the offending pairs are the ones found pod pair by pod pair', (name, intent) => {
    const actual = actualViolations(report, name);
    expect(actual).toEqual(expectedViolations(intent));
    expect(report.results.find((r) => r.name === name)!.holds).toBe(actual.size === 0);
  });

  it('the fixture has violations and holds (the reference is not trivially empty)', () => {
    expect(report.violated).toBeGreaterThan(0);
    expect(report.results.some((r) => r.holds)).toBe(true);
    expect(report.results.filter((r) => !r.holds).map((r) => r.name)).toEqual(['only-backend-reaches-mysql', 'payments-not-exposed', 'monitoring-scrapes-everything']);
    expect(report.holds).toBe(false);
  });

  it('each violation names the policies that allow it, from an explained sample connection', () => {
    const only = report.results.find((r) => r.name === 'only-backend-reaches-mysql')!;
    for (const v of only.violations) {
      expect(v.sample).not.toBeNull();
      expect(v.decidedBy.some((d) => d.kind === 'NetworkPolicy' && d.name === 'mysql')).toBe(true);
    }
  });

  it('warns when a selector matches nothing', () => {
    const r = evaluateIntents(cluster.analysis, [{ name: 'x', type: 'deny', from: { namespace: 'nowhere' }, to: {} }]);
    expect(r.results[0].holds).toBe(true);
    expect(r.results[0].warnings).toContain('from matches no pod');
  });
});

describe('attack paths and blast radius', () => {
  it('internet -> tier=db, k=4: one shortest path per reachable db workload, every hop a real edge', () => {
    const answer = attackPaths(cluster.analysis, 'internet', 'tier=db', 4) as AttackPathsResult;
    const expected = bruteDistances(cluster, 'internet', 4);
    const dbWorkloads = new Set(cluster.pods.filter((p) => p.labels.tier === 'db').map(workloadText));
    const reached = [...dbWorkloads].filter((w) => expected.has(w));
    expect(answer.targets).toBe(dbWorkloads.size);
    expect(answer.paths.map((p) => endpointText(p.target, 'workload')).sort()).toEqual(reached.sort());
    expect(reached.length).toBeGreaterThan(0);
    for (const path of answer.paths) {
      expect(path.hops.length).toBe(expected.get(endpointText(path.target, 'workload')));
      const [first, ...rest] = path.hops;
      expect(first.from.kind === 'External' || first.from.kind === 'IngressController').toBe(true);
      for (const hop of rest) {
        const edge = cluster.edges.get(`${endpointText(hop.from as never, 'workload')}\u0000${endpointText(hop.to, 'workload')}`);
        expect(edge).toBeDefined();
        expect(PortSet.fromEntries(hop.ports).union(hop.allPorts ? PortSet.ALL : PortSet.EMPTY).equals(edge!)).toBe(true);
      }
    }
  });

  it('k bounds the paths and bad arguments are errors naming them', () => {
    const one = attackPaths(cluster.analysis, 'internet', 'tier=db', 1) as AttackPathsResult;
    expect(one.paths.every((p) => p.hops.length === 1)).toBe(true);
    expect(attackPaths(cluster.analysis, 'internet', 'tier=', 0)).toMatchObject({ argument: 'k' });
    expect(attackPaths(cluster.analysis, 'internet', 'tier in db', 2)).toMatchObject({ argument: 'to' });
    expect(attackPaths(cluster.analysis, 'nowhere/x', 'tier=db', 2)).toMatchObject({ argument: 'from', reason: 'unknown' });
  });

  it.each([
    ['shop/web', 'shop/web[Deployment]', 1],
    ['shop/web', 'shop/web[Deployment]', 3],
    ['dev/tester', 'dev/tester[Deployment]', 2],
  ])('blast radius of %s (%s) within %i hops equals the reference walk', (from, text, k) => {
    const answer = blastRadius(cluster.analysis, from, k) as BlastRadiusResult;
    const expected = bruteDistances(cluster, text, k);
    expect(new Map(answer.reached.map((r) => [endpointText(r.endpoint, 'workload'), r.hops]))).toEqual(expected);
  });
});

describe('whatIf', () => {
  const intents = intentsOf(INTENTS_TEXT);
  const fixedMysql = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: mysql, namespace: shop }
spec:
  podSelector: { matchLabels: { app: mysql } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: { app: backend } } }]
      ports: [{ port: 3306 }]
`;

  it('replacing the mysql policy removes batch -> mysql, and the only-may-reach intent then holds', () => {
    const answer = whatIf(cluster.analysis, { documents: [{ name: 'proposal.yaml', content: fixedMysql }], intents }) as WhatIfResult;
    expect(answer.applied).toEqual({ added: [], replaced: ['NetworkPolicy shop/mysql'], removed: [] });
    expect(answer.changes.map((c) => `${c.type} ${endpointText(c.src, 'workload')} -> ${endpointText(c.dst, 'workload')}`)).toEqual(['removed shop/batch[Deployment] -> shop/mysql[Deployment]']);
    expect(answer.changes[0].causes?.[0]?.object).toBe('NetworkPolicy shop/mysql');
    const delta = answer.intents.find((d) => d.name === 'only-backend-reaches-mysql')!;
    expect(delta).toMatchObject({ holdsBefore: false, holdsAfter: true, violationsBefore: 1, violationsAfter: 0 });
    expect(delta.resolvedViolations.map((v) => endpointText(v.from, 'workload'))).toEqual(['shop/batch[Deployment]']);
  });

  it('removing the payments api policy closes payments/api to the internet (the default deny stays)', () => {
    const answer = whatIf(cluster.analysis, { documents: [], remove: ['NetworkPolicy payments/api'] }) as WhatIfResult;
    expect(answer.applied.removed).toEqual(['NetworkPolicy payments/api']);
    // The default deny still isolates payments/api: removing its allow rule closes it instead.
    expect(answer.exposure.noLongerInternetExposed.map((e) => endpointText(e, 'workload'))).toEqual(['payments/api[Deployment]']);
  });

  it('removing a workload drops its pods; a proposed workload brings the pod its template describes', () => {
    const intruder = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: intruder, namespace: shop }
spec:
  selector: { matchLabels: { app: batch } }
  template:
    metadata: { labels: { app: batch } }
    spec: { containers: [{ name: main, image: example/intruder }] }
`;
    const answer = whatIf(cluster.analysis, { documents: [{ name: 'intruder.yaml', content: intruder }], remove: ['Deployment shop/batch'] }) as WhatIfResult;
    expect(answer.applied).toEqual({ added: ['Deployment shop/intruder'], replaced: [], removed: ['Deployment shop/batch'] });
    const intoMysql = answer.changes.filter((c) => endpointText(c.dst, 'workload') === 'shop/mysql[Deployment]');
    expect(intoMysql.map((c) => `${c.type} ${endpointText(c.src, 'workload')} ${c.note}`).sort()).toEqual(['added shop/intruder[Deployment] workload added', 'removed shop/batch[Deployment] workload removed']);
    // The reference: batch's own edge into mysql is what the intruder gets.
    const batchPorts = cluster.edges.get('shop/batch[Deployment]\u0000shop/mysql[Deployment]')!;
    const added = intoMysql.find((c) => c.type === 'added')!;
    expect(PortSet.fromEntries(added.after!.ports).union(added.after!.allPorts ? PortSet.ALL : PortSet.EMPTY).equals(batchPorts)).toBe(true);
  });

  it('bad manifests or unknown removals are errors naming the document and field', () => {
    const bad = whatIf(cluster.analysis, { documents: [{ name: 'proposal.yaml', content: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec: {podSelector: {}, ingress: [{ports: [{port: "http", protocol: "TCPX"}]}]}\n' }] });
    expect(bad).toMatchObject({ argument: 'documents', reason: 'invalid' });
    expect((bad as { diagnostics: { file: string; path: string }[] }).diagnostics[0]).toMatchObject({ file: 'proposal.yaml', path: 'spec.ingress[0].ports[0].protocol' });
    expect(whatIf(cluster.analysis, { documents: [], remove: ['NetworkPolicy shop/nope'] })).toMatchObject({ argument: 'remove', reason: 'unknown' });
  });
});

describe('registered questions are plain data both ways (they may run on another thread)', () => {
  it.each([
    ['intents', { intents: intentsOf(INTENTS_TEXT) }],
    ['attackPaths', { from: 'internet', to: 'tier=db', k: 4 }],
    ['blastRadius', { from: 'shop/web', k: 2 }],
    ['whatIf', { documents: [{ name: 'p.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n' }], remove: ['NetworkPolicy shop/mysql'], intents: intentsOf(INTENTS_TEXT) }],
  ] as const)('%s: arguments and answer survive JSON unchanged', (name, args) => {
    expect(JSON.parse(JSON.stringify(args))).toEqual(args);
    const answer = askSnapshot(cluster.analysis, name, args as never);
    expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
    expect(structuredClone(answer)).toEqual(answer);
  });
});
