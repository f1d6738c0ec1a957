// Fuzzing the parser (issue 11): whatever text it is given, parseDocuments returns a ParseResult
// whose problems are the project's own diagnostics; it never throws, and never reports the
// `internal.error` that stands for a defect caught by its last-resort guard. Seeded and bounded
// so that a failure reproduces (fast-check prints the seed and the shrunk input).

import fc from 'fast-check';
import { parseDocuments } from '../../../src/engine/parse/index.js';
import { kindShape, VALUE, type FieldShape } from '../../../src/engine/parse/known-fields.js';

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80, name: http}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [a]}]}}], ports: [{port: http}]}]
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{protocol: UDP, port: 53, endPort: 60}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress: [{name: r, action: Deny, from: [{namespaces: {}}], ports: [{portRange: {protocol: TCP, start: 1, end: 100}}]}]
`;

const POLICY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', namespace: 'shop' },
  spec: { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { a: 'b' } } }], ports: [{ port: 80 }] }] },
};

function leafPaths(shape: FieldShape, path: string, out: string[]): string[] {
  if (shape === VALUE) out.push(path);
  else if ('items' in shape) leafPaths(shape.items, `${path}[0]`, out);
  else for (const [name, s] of shape.fields) leafPaths(s, path ? `${path}.${name}` : name, out);
  return out;
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    if (cur[part] === null || typeof cur[part] !== 'object') cur[part] = /^\d+$/.test(part) ? [] : {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value;
}

/** Text edits of valid manifests: a slice removed and random text put in its place. */
const editedManifests = fc.tuple(fc.nat(), fc.nat({ max: 60 }), fc.string({ maxLength: 30, unit: 'grapheme' })).map(([at, cut, insert]) => {
  const i = at % (MANIFESTS.length + 1);
  return MANIFESTS.slice(0, i) + insert + MANIFESTS.slice(i + cut);
});

/** A valid policy with one field of any known kind's shape replaced by any JSON value. */
const structural = fc
  .tuple(fc.constantFrom(...leafPaths(kindShape('NetworkPolicy')!, '', []), ...leafPaths(kindShape('AdminNetworkPolicy')!, '', [])), fc.jsonValue({ maxDepth: 4 }))
  .map(([path, value]) => {
    const policy = structuredClone(POLICY) as Record<string, unknown>;
    setAt(policy, path, value);
    return JSON.stringify(policy);
  });

/** YAML-looking noise: indentation, flow collections, anchors, tags, document markers. */
const yamlish = fc
  .array(fc.constantFrom('---\n', '- ', '  ', '{', '}', '[', ']', ': ', ', ', '&a ', '*a ', '!!str ', '!!binary ', '? ', '|\n', '>-\n', '"', "'", '#', '\n', 'kind: Pod', 'apiVersion: v1', 'metadata:', 'name: x', '<<: *a'), { maxLength: 60 })
  .map((parts) => parts.join(''));

const inputs = fc.oneof(editedManifests, structural, yamlish, fc.string({ maxLength: 300 }), fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)));

describe('parser fuzz', () => {
  it('never throws, and reports every problem as one of its own diagnostics (seeded)', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom('strict', 'warn', 'ignore') as fc.Arbitrary<'strict' | 'warn' | 'ignore'>, (content, validation) => {
        const result = parseDocuments([{ name: 'fuzz.yaml', content }], { validation });
        expect(result.diagnostics.filter((d) => d.code === 'internal.error')).toEqual([]);
        for (const d of result.diagnostics) {
          expect(['fatal', 'error', 'warning', 'info']).toContain(d.severity);
          expect(d.code).toMatch(/^[a-z][\w.-]*$/);
          expect(typeof d.message).toBe('string');
        }
        expect(result.fatal).toBe(result.diagnostics.some((d) => d.severity === 'fatal'));
        if (!result.fatal) expect(Array.isArray(result.objects)).toBe(true);
      }),
      { seed: 20261129, numRuns: 600 },
    );
  });
});
