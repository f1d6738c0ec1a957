import { PrismaPg } from '@prisma/adapter-pg';
import { runCli } from '../../src/cli/run-cli.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { ApiKeysRepository } from '../../src/modules/auth/api-keys.repository.js';
import { ApiKeysService } from '../../src/modules/auth/api-keys.service.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// `policyscope keys` against a real, migrated database, as an operator runs it with DATABASE_URL.
describe('policyscope keys create|list|revoke', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let service: ApiKeysService;

  async function keys(argv: string[], env: Record<string, string | undefined> = { DATABASE_URL: db.url }) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['keys', ...argv], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env });
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    service = new ApiKeysService(new ApiKeysRepository(prisma));
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('creates a key that the service accepts, lists it without its secret, and revokes it', async () => {
    const created = await keys(['create', 'ci', '--scopes', 'write', '--clusters', 'prod-eu, staging']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^ps_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/created API key [0-9a-f-]{36} "ci" \(write; clusters prod-eu, staging\)/);
    expect(await service.authenticate(`Bearer ${token}`)).toEqual({ actor: 'key:ci', scopes: ['write'], clusters: ['prod-eu', 'staging'] });

    const listed = await keys(['list', '--json']);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as { id: string; prefix: string; name: string; revokedAt: string | null; createdBy: string }[];
    expect(rows).toEqual([expect.objectContaining({ name: 'ci', prefix: token.slice(0, 15), revokedAt: null, createdBy: 'cli' })]);
    expect(listed.stdout).not.toContain(token.slice(16));
    expect((await keys(['list'])).stdout).toMatch(new RegExp(`^${rows[0]!.id}\\t${rows[0]!.prefix}\\tci\\twrite\\tprod-eu,staging\\t.*\\tactive\\n$`));

    const revoked = await keys(['revoke', rows[0]!.id]);
    expect(revoked.code).toBe(0);
    await expect(service.authenticate(`Bearer ${token}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await keys(['revoke', rows[0]!.id])).code).toBe(1);

    const audit = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(audit.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['cli', 'key.create', 'ci'],
      ['cli', 'key.revoke', rows[0]!.id],
    ]);
  });

  it('refuses unknown scopes and admin keys limited to clusters, storing nothing', async () => {
    const before = await prisma.apiKey.count();
    const bad = await keys(['create', 'x', '--scopes', 'root']);
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toContain('scopes must be one or more of read, write, admin (got root)');
    expect((await keys(['create', 'x', '--scopes', 'admin', '--clusters', 'a'])).code).toBe(1);
    expect(await prisma.apiKey.count()).toBe(before);
  });

  it('needs DATABASE_URL (exit 2) and --scopes (usage error)', async () => {
    const noDb = await keys(['list'], {});
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('set DATABASE_URL');
    expect((await keys(['create', 'x'])).code).toBe(2);
  });
});
