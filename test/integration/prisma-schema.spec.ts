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

  it('writes and reads Cluster, Snapshot and KubernetesObject with every column', async () => {
    const cluster = await prisma.cluster.create({
      data: {
        name: 'prod-eu',
        description: 'production',
        kubeconfigPath: '/etc/kube/config',
        kubeContext: 'prod',
        inCluster: false,
        captureSchedule: '0 * * * *',
        retainLast: 10,
        retainDays: 30,
      },
    });
    const capturedAt = new Date('2026-11-01T10:00:00.123Z');
    const snapshot = await prisma.snapshot.create({
      data: {
        clusterId: cluster.id,
        name: 'v1',
        capturedAt,
        source: 'upload',
        contentSha256: 'a'.repeat(64),
        status: 'analyzing',
        error: null,
        counts: { Pod: 3 },
        diagnostics: [{ severity: 'warning', code: 'kind.unknown', message: 'ConfigMap skipped' }],
        timings: { parseMs: 4 },
        analysisStartedAt: capturedAt,
        analysisFinishedAt: capturedAt,
      },
    });
    const object = await prisma.kubernetesObject.create({
      data: {
        snapshotId: snapshot.id,
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
      include: { snapshots: { include: { objects: true } } },
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
    expect(s).toMatchObject({ name: 'v1', source: 'upload', status: 'analyzing', contentSha256: 'a'.repeat(64), counts: { Pod: 3 }, timings: { parseMs: 4 } });
    expect(s.capturedAt.toISOString()).toBe('2026-11-01T10:00:00.123Z');
    expect(s.diagnostics).toEqual([{ severity: 'warning', code: 'kind.unknown', message: 'ConfigMap skipped' }]);
    expect(s.objects).toHaveLength(1);
    expect(s.objects[0]).toMatchObject({ id: object.id, kind: 'Pod', namespace: 'shop', labels: { app: 'web' }, raw: { kind: 'Pod', metadata: { name: 'web-0' } } });
    expect(typeof s.objects[0]!.id).toBe('bigint');
  });

  it('writes and reads the analysis results: WorkloadConnection, PodClass, AnalysisArtifact, SnapshotMetric', async () => {
    const cluster = await prisma.cluster.create({ data: { name: 'results' } });
    const capturedAt = new Date('2026-11-02T00:00:00Z');
    const snapshot = await prisma.snapshot.create({
      data: { clusterId: cluster.id, name: 'r', capturedAt, source: 'live', contentSha256: 'c'.repeat(64), status: 'ready', analysisRuns: 1 },
    });
    await prisma.workloadConnection.create({
      data: {
        snapshotId: snapshot.id,
        srcKind: 'External',
        srcCidrs: ['0.0.0.0/5', '8.0.0.0/7'],
        dstKind: 'Deployment',
        dstNamespace: 'shop',
        dstName: 'web',
        allPorts: false,
        ports: [{ protocol: 'TCP', from: 80, to: 81 }],
        conn: 'TCP 80-81',
      },
    });
    await prisma.podClass.create({ data: { snapshotId: snapshot.id, classIndex: 0, namespace: 'shop', labels: { app: 'web' }, members: ['shop/web-1', 'shop/web-2'] } });
    await prisma.analysisArtifact.create({ data: { snapshotId: snapshot.id, name: 'connectivity:workload', data: Buffer.from([1, 2, 3]) } });
    await prisma.snapshotMetric.create({ data: { snapshotId: snapshot.id, clusterId: cluster.id, capturedAt, metric: 'pods', value: 2.5 } });

    const read = await prisma.snapshot.findUniqueOrThrow({
      where: { id: snapshot.id },
      include: { connections: true, podClasses: true, artifacts: true, metrics: true },
    });
    expect(read.analysisRuns).toBe(1);
    expect(read.connections[0]).toMatchObject({ srcKind: 'External', srcNamespace: null, srcCidrs: ['0.0.0.0/5', '8.0.0.0/7'], dstName: 'web', dstCidrs: [], allPorts: false, ports: [{ protocol: 'TCP', from: 80, to: 81 }], conn: 'TCP 80-81' });
    expect(read.podClasses[0]).toMatchObject({ classIndex: 0, labels: { app: 'web' }, members: ['shop/web-1', 'shop/web-2'] });
    expect(Buffer.from(read.artifacts[0]!.data)).toEqual(Buffer.from([1, 2, 3]));
    expect(read.artifacts[0]!.encoding).toBe('json+gzip');
    expect(read.metrics[0]).toMatchObject({ metric: 'pods', value: 2.5, clusterId: cluster.id });
    expect(read.metrics[0]!.capturedAt.toISOString()).toBe('2026-11-02T00:00:00.000Z');
  });

  it('enforces one snapshot per cluster and content hash, and cascades deletes', async () => {
    const cluster = await prisma.cluster.create({ data: { name: 'dup' } });
    const data = { clusterId: cluster.id, name: 'x', capturedAt: new Date(), source: 'cli' as const, contentSha256: 'b'.repeat(64) };
    const first = await prisma.snapshot.create({ data });
    await expect(prisma.snapshot.create({ data })).rejects.toThrow();
    await prisma.kubernetesObject.create({ data: { snapshotId: first.id, kind: 'Namespace', apiVersion: 'v1', name: 'a', raw: {} } });
    await prisma.cluster.delete({ where: { id: cluster.id } });
    expect(await prisma.snapshot.count({ where: { clusterId: cluster.id } })).toBe(0);
    expect(await prisma.kubernetesObject.count({ where: { snapshotId: first.id } })).toBe(0);
  });
});
