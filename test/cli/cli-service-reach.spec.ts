import { run } from './run.js';

// The CLI's who-can-reach takes a Service as the service does (test/fixtures/service-reach/backend.yaml).
describe('policyscope who-can-reach a Service', () => {
  it('translates the Service port per backend and names the backends each source reaches', async () => {
    const r = await run(['who-can-reach', 'test/fixtures/service-reach/backend.yaml', '--to', 'Service app/backend', '--port', '80', '--granularity', 'pod']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('app/frontend => app/backend[Service] : TCP 80 (backends app/backend-1)');
    expect(r.stdout).toContain('app/other => app/backend[Service] : TCP 80 (backends app/backend-2)');
  });

  it('a port the Service lacks is a usage error naming its ports', async () => {
    const r = await run(['who-can-reach', 'test/fixtures/service-reach/backend.yaml', '--to', 'app/backend[Service]', '--port', '81']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('80/TCP (http), 9100/TCP (metrics)');
  });
});
