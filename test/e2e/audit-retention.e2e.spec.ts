// The audit log is kept by the rules of a cluster's snapshot retention (issue 11): the newest
// AUDIT_RETAIN_LAST events, none older than AUDIT_RETAIN_DAYS, applied by the once-a-minute task.

import pg from 'pg';
import request from 'supertest';
import { ScheduledTasks } from '../../src/modules/capture/scheduled-tasks.service.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('audit log retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUDIT_RETAIN_LAST: '3', AUDIT_RETAIN_DAYS: '30' });
  });
  afterAll(() => t.close());

  it('keeps the newest AUDIT_RETAIN_LAST events and none older than AUDIT_RETAIN_DAYS', async () => {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      for (const [target, daysAgo] of [['old-1', 60], ['old-2', 31], ['a', 5], ['b', 4], ['c', 3], ['d', 2]] as const) {
        await client.query(`INSERT INTO audit_events (at, actor, action, target) VALUES (now() - make_interval(days => $1), 'key:test', 'cluster.update', $2)`, [daysAgo, target]);
      }
    } finally {
      await client.end();
    }
    const deleted = await t.app.get(ScheduledTasks).applyAuditRetention();
    expect(deleted).toBe(3);
    const { events } = (await request(t.app.getHttpServer()).get('/api/v1/audit?first=10').expect(200)).body as { events: { target: string }[] };
    expect(events.map((e) => e.target)).toEqual(['d', 'c', 'b']);
    expect(await t.app.get(ScheduledTasks).applyAuditRetention()).toBe(0);
  });
});
