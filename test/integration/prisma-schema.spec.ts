import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// Proves prisma/schema.prisma and the SQL migrations agree: every model is written and read back
// through the generated client on a database built only from the migrations.
describe('Prisma schema vs SQL migrations', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('writes and reads Cluster, SnapshotContent, Snapshot and KubernetesObject with every column', async () => {
    const cluster = await prisma.cluster.create({
      data: {
        name: 'prod-eu',
        description: 'production',
        kubeconfigPath: '/etc/kube/config',
        kubeconfigSecret: 'policyscope/prod-eu',
        kubeContext: 'prod',
        inCluster: false,
        captureSchedule: '0 * * * *',
        retainLast: 10,
        retainDays: 30,
      },
    });
    const capturedAt = new Date('2026-11-01T10:00:00.123Z');
    const content = await prisma.snapshotContent.create({
      data: {
        clusterId: cluster.id,
        contentSha256: 'a'.repeat(64),
        status: 'analyzing',
        error: null,
        engineVersion: '7',
        analysisOptions: { ipBlockMatchesPods: false },
        analysisDiagnostics: [{ severity: 'warning', code: 'port.named', message: 'unresolved', analysis: true }],
        metrics: { policies: 2 },
        analyzeMs: 12,
        analysisStartedAt: capturedAt,
        analysisFinishedAt: capturedAt,
      },
    });
    await prisma.snapshot.create({
      data: {
        clusterId: cluster.id,
        contentId: content.id,
        name: 'v1',
        capturedAt,
        source: 'upload',
        contentSha256: 'a'.repeat(64),
        counts: { Pod: 3 },
        diagnostics: [{ severity: 'warning', code: 'kind.unknown', message: 'ConfigMap skipped' }],
        timings: { parseMs: 4 },
      },
    });
    const object = await prisma.kubernetesObject.create({
      data: {
        contentId: content.id,
        kind: 'Pod',
        apiVersion: 'v1',
        namespace: 'shop',
        name: 'web-0',
        uid: 'u-1',
        labels: { app: 'web' },
        raw: { kind: 'Pod', metadata: { name: 'web-0' } },
      },
    });

    const read = await prisma.cluster.findUniqueOrThrow({
      where: { name: 'prod-eu' },
      include: { snapshots: { include: { content: { include: { objects: true } } } } },
    });
    expect(read).toMatchObject({
      description: 'production',
      kubeconfigPath: '/etc/kube/config',
      kubeContext: 'prod',
      captureSchedule: '0 * * * *',
      retainLast: 10,
      retainDays: 30,
      inCluster: false,
    });
    expect(read.updatedAt).toBeInstanceOf(Date);
    const s = read.snapshots[0]!;
    expect(s).toMatchObject({ name: 'v1', source: 'upload', contentSha256: 'a'.repeat(64), counts: { Pod: 3 }, timings: { parseMs: 4 } });
    expect(s.content).toMatchObject({ status: 'analyzing', engineVersion: '7', analysisOptions: { ipBlockMatchesPods: false }, metrics: { policies: 2 }, analyzeMs: 12, analysisRuns: 0 });
    expect(s.content.analysisDiagnostics).toEqual([{ severity: 'warning', code: 'port.named', message: 'unresolved', analysis: true }]);
    expect(s.capturedAt.toISOString()).toBe('2026-11-01T10:00:00.123Z');
    expect(s.diagnostics).toEqual([{ severity: 'warning', code: 'kind.unknown', message: 'ConfigMap skipped' }]);
    const objects = s.content.objects;
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({ id: object.id, kind: 'Pod', namespace: 'shop', labels: { app: 'web' }, raw: { kind: 'Pod', metadata: { name: 'web-0' } } });
    expect(typeof objects[0]!.id).toBe('bigint');
  });

  it('writes and reads the analysis results: WorkloadSummary, NamespacePair, AnalysisArtifact, SnapshotMetric', async () => {
    const cluster = await prisma.cluster.create({ data: { name: 'results' } });
    const capturedAt = new Date('2026-11-02T00:00:00Z');
    const content = await prisma.snapshotContent.create({ data: { clusterId: cluster.id, contentSha256: 'c'.repeat(64), status: 'ready', analysisRuns: 1 } });
    const snapshot = await prisma.snapshot.create({
      data: { clusterId: cluster.id, contentId: content.id, name: 'r', capturedAt, source: 'live', contentSha256: 'c'.repeat(64) },
    });
    await prisma.workloadSummary.create({
      data: { contentId: content.id, kind: 'Deployment', namespace: 'shop', name: 'web', pods: 2, exposed: true, internetExposed: false, ingressIsolated: true, egressIsolated: false, peersIn: 3, peersOut: 1, exposure: [{ sourceKind: 'External', cidrs: ['10.0.0.0/8'], allPorts: false, ports: 'TCP 80' }] },
    });
    await prisma.namespacePair.create({ data: { contentId: content.id, srcNamespace: 'shop', dstNamespace: 'db', workloadPairs: 4 } });
    await prisma.analysisArtifact.create({ data: { contentId: content.id, name: 'connectivity:workload', data: Buffer.from([1, 2, 3]) } });
    await prisma.snapshotMetric.create({ data: { snapshotId: snapshot.id, clusterId: cluster.id, capturedAt, metric: 'pods', value: 2.5 } });

    const read = await prisma.snapshotContent.findUniqueOrThrow({
      where: { id: content.id },
      include: { workloadSummaries: true, namespacePairs: true, artifacts: true, snapshots: { include: { metrics: true } } },
    });
    expect(read.analysisRuns).toBe(1);
    expect(read.workloadSummaries[0]).toMatchObject({ kind: 'Deployment', name: 'web', exposed: true, internetExposed: false, peersIn: 3, peersOut: 1, exposure: [{ sourceKind: 'External', cidrs: ['10.0.0.0/8'] }] });
    expect(read.namespacePairs[0]).toMatchObject({ srcNamespace: 'shop', dstNamespace: 'db', workloadPairs: 4 });
    expect(Buffer.from(read.artifacts[0]!.data)).toEqual(Buffer.from([1, 2, 3]));
    expect(read.artifacts[0]!.encoding).toBe('json+gzip');
    const metrics = read.snapshots[0]!.metrics;
    expect(metrics[0]).toMatchObject({ metric: 'pods', value: 2.5, clusterId: cluster.id });
    expect(metrics[0]!.capturedAt.toISOString()).toBe('2026-11-02T00:00:00.000Z');
  });

  it('keeps one content per cluster and content hash, shared by many snapshots; a referenced content cannot be deleted; cluster deletes cascade', async () => {
    const cluster = await prisma.cluster.create({ data: { name: 'dup' } });
    const contentData = { clusterId: cluster.id, contentSha256: 'b'.repeat(64) };
    const content = await prisma.snapshotContent.create({ data: contentData });
    await expect(prisma.snapshotContent.create({ data: contentData })).rejects.toThrow();
    const data = { clusterId: cluster.id, contentId: content.id, name: 'x', capturedAt: new Date(), source: 'cli' as const, contentSha256: 'b'.repeat(64) };
    await prisma.snapshot.create({ data });
    await prisma.snapshot.create({ data });
    expect(await prisma.snapshot.count({ where: { contentId: content.id } })).toBe(2);
    await prisma.kubernetesObject.create({ data: { contentId: content.id, kind: 'Namespace', apiVersion: 'v1', name: 'a', raw: {} } });
    await expect(prisma.snapshotContent.delete({ where: { id: content.id } })).rejects.toThrow();
    await prisma.cluster.delete({ where: { id: cluster.id } });
    expect(await prisma.snapshot.count({ where: { clusterId: cluster.id } })).toBe(0);
    expect(await prisma.snapshotContent.count({ where: { clusterId: cluster.id } })).toBe(0);
    expect(await prisma.kubernetesObject.count({ where: { contentId: content.id } })).toBe(0);
  });

  it('writes and reads Webhook, WebhookCheck and WebhookDelivery with every column; deleting the cluster removes its webhooks', async () => {
    const cluster = await prisma.cluster.create({ data: { name: 'hooks' } });
    const webhook = await prisma.webhook.create({ data: { clusterId: cluster.id, url: 'https://example.invalid/hook', secret: 's'.repeat(16) } });
    const snapshotId = '00000000-0000-4000-8000-000000000001';
    await prisma.webhookCheck.create({ data: { webhookId: webhook.id, snapshotId } });
    const delivery = await prisma.webhookDelivery.create({
      data: { webhookId: webhook.id, snapshotId, event: 'internet_exposure', payload: { a: 1 }, status: 'delivered', attempts: 2, responseStatus: 204, error: null, deliveredAt: new Date() },
    });
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 204, payload: { a: 1 } });
    expect(await prisma.webhookCheck.count({ where: { webhookId: webhook.id } })).toBe(1);
    await prisma.cluster.delete({ where: { id: cluster.id } });
    expect(await prisma.webhook.count({ where: { id: webhook.id } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
  });
  it('writes and reads ContentDiff, ContentStep and ContentFinding with every column; they go with their contents', async () => {
    const cluster = await prisma.cluster.create({ data: { name: 'kept-diffs' } });
    const contents = await Promise.all(['c', 'd'].map((h) => prisma.snapshotContent.create({ data: { clusterId: cluster.id, contentSha256: h.repeat(64) } })));
    const snapshots = await Promise.all(
      contents.map((c, i) => prisma.snapshot.create({ data: { clusterId: cluster.id, contentId: c.id, name: `s${i}`, capturedAt: new Date(), source: 'upload', contentSha256: c.contentSha256 } })),
    );
    expect(snapshots).toHaveLength(2);
    const diff = await prisma.contentDiff.create({
      data: { beforeContentId: contents[0]!.id, afterContentId: contents[1]!.id, granularity: 'workload', computedWith: 'e'.repeat(64), data: Buffer.from([1, 2, 3]) },
    });
    expect(await prisma.contentDiff.findFirstOrThrow({ where: { beforeContentId: contents[0]!.id } })).toEqual(diff);
    const finding = await prisma.contentFinding.create({
      data: { contentId: contents[0]!.id, position: 0, severity: 'high', code: 'rule.overly-broad', message: 'm', objects: [{ kind: 'NetworkPolicy', namespace: 'a', name: 'b' }] },
    });
    expect(await prisma.contentFinding.findFirstOrThrow({ where: { contentId: contents[0]!.id } })).toEqual(finding);
    const step = await prisma.contentStep.create({ data: { beforeContentId: contents[0]!.id, afterContentId: contents[1]!.id, computedWith: 'f'.repeat(64), counts: { connectionsAdded: 2 } } });
    expect(await prisma.contentStep.findFirstOrThrow({ where: { afterContentId: contents[1]!.id } })).toEqual(step);
    await prisma.cluster.delete({ where: { id: cluster.id } });
    expect(await prisma.contentDiff.count()).toBe(0);
    expect(await prisma.contentStep.count()).toBe(0);
    expect(await prisma.contentFinding.count()).toBe(0);
  });
  it('writes and reads ClusterIntents with every column; deleting the cluster removes them', async () => {
    const cluster = await prisma.cluster.create({ data: { name: 'with-intents' } });
    const intents = [{ name: 'db-not-exposed', type: 'not-exposed', to: { labels: { app: 'db' } } }];
    const row = await prisma.clusterIntents.create({ data: { clusterId: cluster.id, intents, updatedAt: new Date('2026-11-29T12:00:00.000Z') } });
    expect(await prisma.clusterIntents.findUniqueOrThrow({ where: { clusterId: cluster.id } })).toEqual(row);
    expect(row.intents).toEqual(intents);
    await prisma.cluster.delete({ where: { id: cluster.id } });
    expect(await prisma.clusterIntents.count({ where: { clusterId: cluster.id } })).toBe(0);
  });
  it('writes and reads ApiKey and AuditEvent with every column', async () => {
    const key = await prisma.apiKey.create({
      data: { name: 'ci', keyId: '0123456789ab', secretHash: 'scrypt$16384$8$1$salt$hash', scopes: ['read', 'write'], clusters: ['prod-eu'], createdBy: 'cli', revokedAt: new Date('2026-11-29T10:00:00.000Z') },
    });
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { keyId: '0123456789ab' } })).toEqual({ ...key, revokedAt: new Date('2026-11-29T10:00:00.000Z') });
    await expect(prisma.apiKey.create({ data: { name: 'bad', keyId: 'ffffffffffff', secretHash: 'x', scopes: ['root'] } })).rejects.toThrow();
    const event = await prisma.auditEvent.create({ data: { actor: 'key:ci', action: 'snapshot.import', target: 'prod-eu', address: '127.0.0.1', details: { n: 1 } } });
    expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ actor: 'key:ci', action: 'snapshot.import', target: 'prod-eu', address: '127.0.0.1', details: { n: 1 } });
  });
});
