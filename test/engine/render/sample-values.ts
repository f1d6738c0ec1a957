// Hand-built result values for the renderer tests: they do not depend on the analysis, and cover
// every endpoint kind, multi-range external blocks, named ports and characters renderers must
// escape.

import { DEFAULT_OPTIONS } from '../../../src/engine/model.js';
import type { ConnectivityResult, DiffResult, Explanation } from '../../../src/engine/result.js';

export const workloadResult: ConnectivityResult = {
  snapshot: 'fixtures/shop',
  granularity: 'workload',
  options: { ...DEFAULT_OPTIONS },
  connections: [
    {
      src: { kind: 'Deployment', namespace: 'shop', name: 'frontend' },
      dst: { kind: 'StatefulSet', namespace: 'shop', name: 'db' },
      allPorts: false,
      ports: [
        { protocol: 'TCP', from: 5432, to: 5432 },
        { protocol: 'TCP', from: 80, to: 81 },
      ],
    },
    {
      src: { kind: 'External', cidrs: ['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8'] },
      dst: { kind: 'Deployment', namespace: 'shop', name: 'frontend' },
      allPorts: false,
      ports: [{ protocol: 'TCP', from: 443, to: 443 }],
    },
    {
      src: { kind: 'IngressController' },
      dst: { kind: 'Deployment', namespace: 'shop', name: 'frontend' },
      allPorts: false,
      ports: [{ protocol: 'TCP', from: 8080, to: 8080 }],
    },
    {
      src: { kind: 'Pod', namespace: 'ops', name: 'debug "tool"' },
      dst: { kind: 'External', cidrs: ['0.0.0.0/0'] },
      allPorts: true,
      ports: [],
    },
    {
      src: { kind: 'Deployment', namespace: 'shop', name: 'frontend' },
      dst: { kind: 'DaemonSet', namespace: 'kube-system', name: 'dns' },
      allPorts: false,
      ports: [
        { protocol: 'UDP', from: 53, to: 53 },
        { protocol: 'TCP', name: 'dns-tcp' },
      ],
    },
  ],
  endpoints: [
    { kind: 'Deployment', namespace: 'shop', name: 'frontend' },
    { kind: 'StatefulSet', namespace: 'shop', name: 'db' },
    { kind: 'Pod', namespace: 'ops', name: 'debug "tool"' },
    { kind: 'DaemonSet', namespace: 'kube-system', name: 'dns' },
    { kind: 'Job', namespace: 'ops', name: 'isolated|job' },
  ],
};

export const namespaceResult: ConnectivityResult = {
  snapshot: 'fixtures/shop',
  granularity: 'namespace',
  options: { ...DEFAULT_OPTIONS, ipBlockMatchesPods: true },
  connections: [
    { src: { kind: 'Namespace', name: 'shop' }, dst: { kind: 'Namespace', name: 'kube-system' }, allPorts: true, ports: [] },
    {
      src: { kind: 'External', cidrs: ['10.0.0.0/8'] },
      dst: { kind: 'Namespace', name: 'shop' },
      allPorts: false,
      ports: [{ protocol: 'SCTP', from: 1, to: 65535 }],
    },
  ],
};

export const podResult: ConnectivityResult = {
  snapshot: 'fixtures/xyz',
  granularity: 'pod',
  options: { ...DEFAULT_OPTIONS },
  connections: [
    { src: { kind: 'Pod', namespace: 'y', name: 'b' }, dst: { kind: 'Pod', namespace: 'x', name: 'a' }, allPorts: false, ports: [{ protocol: 'TCP', from: 80, to: 80 }] },
    { src: { kind: 'Pod', namespace: 'x', name: 'b' }, dst: { kind: 'Pod', namespace: 'x', name: 'a' }, allPorts: true, ports: [] },
    { src: { kind: 'External', cidrs: ['fd00::/8'] }, dst: { kind: 'Pod', namespace: 'x', name: 'a' }, allPorts: true, ports: [] },
  ],
};

export const sampleDiff: DiffResult = {
  from: '12',
  to: '13',
  sides: {
    from: { snapshot: '12', cluster: 'prod', name: 'nightly-1', capturedAt: '2026-11-28T10:00:00.000Z' },
    to: { snapshot: '13', cluster: 'prod', name: 'nightly-2', capturedAt: '2026-11-29T10:00:00.000Z' },
  },
  crossCluster: false,
  unexplainedChanges: 0,
  granularity: 'workload',
  changes: [
    {
      type: 'removed',
      src: { kind: 'Deployment', namespace: 'shop', name: 'legacy' },
      dst: { kind: 'StatefulSet', namespace: 'shop', name: 'db' },
      before: { allPorts: true, ports: [] },
      after: null,
      note: 'workload removed',
      causes: [{ kind: 'workload removed', object: 'Deployment shop/legacy', details: [], rulesBefore: [], rulesAfter: [] }],
      sample: null,
    },
    {
      type: 'added',
      src: { kind: 'External', cidrs: ['0.0.0.0/0'] },
      dst: { kind: 'Deployment', namespace: 'shop', name: 'frontend' },
      before: null,
      after: { allPorts: false, ports: [{ protocol: 'TCP', from: 443, to: 443 }] },
      note: null,
      causes: [
        {
          kind: 'policy added',
          object: 'NetworkPolicy shop/allow-web',
          details: [],
          rulesBefore: [],
          rulesAfter: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'allow-web', rule: 'ingress[0]', tier: 'networkpolicy', action: 'Allow' }],
        },
        {
          kind: 'policy removed',
          object: 'AdminNetworkPolicy deny-all',
          details: [],
          rulesBefore: [{ kind: 'AdminNetworkPolicy', name: 'deny-all', rule: 'ingress[0]', tier: 'admin', action: 'Deny', priority: 5 }],
          rulesAfter: [],
        },
      ],
      sample: {
        src: '0.0.0.0/32',
        dst: 'shop/frontend-7d9f-abcde',
        protocol: 'TCP',
        port: 443,
        before: {
          allowed: false,
          egress: { allowed: true, reason: '0.0.0.0/32 is outside the cluster: no egress policy applies to it', decidedBy: [] },
          ingress: {
            allowed: false,
            reason: 'AdminNetworkPolicy deny-all (admin tier, priority 5) ingress[0] denies TCP/443 from 0.0.0.0/32',
            decidedBy: [{ kind: 'AdminNetworkPolicy', name: 'deny-all', rule: 'ingress[0]', tier: 'admin', action: 'Deny', priority: 5 }],
          },
        },
        after: {
          allowed: true,
          egress: { allowed: true, reason: '0.0.0.0/32 is outside the cluster: no egress policy applies to it', decidedBy: [] },
          ingress: {
            allowed: true,
            reason: 'NetworkPolicy shop/allow-web ingress[0] allows TCP/443 from 0.0.0.0/32',
            decidedBy: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'allow-web', rule: 'ingress[0]', tier: 'networkpolicy', action: 'Allow' }],
          },
        },
      },
    },
    {
      type: 'changed',
      src: { kind: 'Deployment', namespace: 'shop', name: 'frontend' },
      dst: { kind: 'StatefulSet', namespace: 'shop', name: 'db' },
      before: { allPorts: false, ports: [{ protocol: 'TCP', from: 5432, to: 5432 }] },
      after: { allPorts: false, ports: [{ protocol: 'TCP', from: 5432, to: 5433 }, { protocol: 'UDP', from: 53, to: 53 }] },
      note: null,
      causes: [
        {
          kind: 'policy modified',
          object: 'NetworkPolicy shop/db',
          details: ['spec.ingress[0].ports[0].endPort added: 5433'],
          rulesBefore: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'db', tier: 'networkpolicy', action: 'Isolate' }],
          rulesAfter: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'db', rule: 'ingress[0]', tier: 'networkpolicy', action: 'Allow' }],
        },
      ],
      sample: null,
    },
  ],
  policies: {
    added: ['NetworkPolicy shop/allow-web'],
    removed: ['AdminNetworkPolicy deny-all'],
    modified: ['NetworkPolicy shop/db'],
    fieldChanges: [
      {
        policy: 'NetworkPolicy shop/db',
        fields: [
          { path: 'spec.ingress[0].ports[0].endPort', type: 'added', after: 5433 },
          { path: 'spec.ingress[0].ports[1]', type: 'added', after: { protocol: 'UDP', port: 53 } },
        ],
      },
    ],
  },
  exposure: { newlyExposed: [{ kind: 'Deployment', namespace: 'shop', name: 'frontend' }], noLongerExposed: [] },
};

export const sampleExplanation: Explanation = {
  allowed: false,
  src: { kind: 'Pod', namespace: 'x', name: 'a' },
  dst: { kind: 'Pod', namespace: 'y', name: 'b' },
  protocol: 'TCP',
  port: 80,
  egress: {
    allowed: true,
    reason: 'no NetworkPolicy selects x/a for egress: allowed by default',
    decidedBy: [{ kind: 'Default', tier: 'default', action: 'Allow' }],
  },
  ingress: {
    allowed: false,
    reason: 'y/b is isolated for ingress by NetworkPolicy y/default-deny and no rule allows TCP 80 from x/a',
    decidedBy: [{ kind: 'NetworkPolicy', namespace: 'y', name: 'default-deny', tier: 'networkpolicy', action: 'Isolate' }],
  },
  decidedBy: [
    { kind: 'NetworkPolicy', namespace: 'y', name: 'default-deny', tier: 'networkpolicy', action: 'Isolate' },
    { kind: 'AdminNetworkPolicy', name: 'pass-web', rule: 'ingress[1] (name: pass)', tier: 'admin', action: 'Pass', priority: 10 },
  ],
  options: { ...DEFAULT_OPTIONS },
};
