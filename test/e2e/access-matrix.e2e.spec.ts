import { ModulesContainer, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import request from 'supertest';
import { ACCESS_RULE, PUBLIC_ROUTE, type AccessRule } from '../../src/modules/auth/access.decorator.js';
import { startAccessFixture, type AccessFixture } from '../support/access-fixture.js';
import type { TestApp } from '../support/app.js';

// Access control on every REST route, read from the routes themselves (issue 11: "tests for each
// operation"): each controller method's access rule, as the guard reads it, decides what a key one
// scope short gets (403 FORBIDDEN) and what a key limited to another cluster gets when the route
// names a cluster or a snapshot (404, as if it did not exist). A route added later is covered
// without touching this test; a route with no rule needs admin (the guard's default).

const SCOPE_BELOW = { write: 'read', admin: 'write' } as const;

interface Route {
  method: string;
  path: string;
  rule: AccessRule;
}

function routesOf(app: TestApp['app']): Route[] {
  const reflector = app.get(Reflector);
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (sub === undefined || verb === undefined) continue;
        if (reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler as () => void, type])) continue;
        const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler as () => void, type]) ?? { scope: 'admin' as const };
        // The app puts every route under /api/v1 but metrics and health (src/bootstrap.ts).
        const prefix = ['metrics', 'health'].includes(base.replace(/^\/+/, '')) ? [] : ['api/v1'];
        const path = `/${[...prefix, base, sub].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
        routes.push({ method: RequestMethod[verb]!.toLowerCase(), path, rule });
      }
    }
  }
  return routes;
}

describe('access matrix: every REST route, by its own access rule', () => {
  let t: TestApp;
  let hiddenSnapshot: string;
  let keys: AccessFixture['keys'];
  let close: () => Promise<void>;
  const server = () => t.app.getHttpServer();

  const call = (key: string, method: string, path: string, query: Record<string, string>, body: Record<string, unknown> | undefined) => {
    const url = `${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
    const req = (request(server()) as unknown as Record<string, (url: string) => request.Test>)[method]!(url).set('authorization', `Bearer ${key}`);
    return body ? req.send(body) : req;
  };

  beforeAll(async () => {
    ({ t, keys, hiddenSnapshot, close } = await startAccessFixture('policyscope-access-'));
  });
  afterAll(async () => close());

  it('finds the routes and a rule for each', () => {
    const routes = routesOf(t.app);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => r.rule.scope === 'admin').length).toBeGreaterThan(2);
    expect(routes.filter((r) => r.rule.targets).length).toBeGreaterThan(15);
  });

  it('every route under /clusters/:name or /snapshots/:id checks that cluster or snapshot against the key', () => {
    const unchecked = routesOf(t.app).filter(
      (r) =>
        (r.path.includes('/clusters/:name') && !r.rule.targets?.clusterNames?.includes('params.name')) ||
        (r.path.includes('/snapshots/:id') && !r.rule.targets?.snapshotIds?.includes('params.id')),
    );
    expect(unchecked.map((r) => `${r.method} ${r.path} (${r.rule.scope})`).filter((r) => !r.endsWith('(admin)'))).toEqual([]);
  });

  it('a key one scope short gets 403 FORBIDDEN on every write and admin route', async () => {
    const checked: string[] = [];
    for (const r of routesOf(t.app).filter((x) => x.rule.scope !== 'read')) {
      const below = SCOPE_BELOW[r.rule.scope as 'write' | 'admin'];
      const path = r.path.replace(/:name/g, 'team-a').replace(/:id/g, hiddenSnapshot).replace(/:[a-zA-Z]+/g, 'x');
      const res = await call(keys[below], r.method, path, {}, r.method === 'get' || r.method === 'delete' ? undefined : {});
      expect({ route: `${r.method} ${r.path}`, status: res.status, code: res.body?.error?.code }).toEqual({ route: `${r.method} ${r.path}`, status: 403, code: 'FORBIDDEN' });
      checked.push(`${r.method} ${r.path}`);
    }
    expect(checked.length).toBeGreaterThan(8);
  });

  it('a key limited to team-a gets 404 NOT_FOUND on every route that names team-b or one of its snapshots', async () => {
    const checked: string[] = [];
    for (const r of routesOf(t.app).filter((x) => x.rule.targets && x.rule.scope !== 'admin')) {
      const query: Record<string, string> = {};
      const body: Record<string, unknown> = {};
      let path = r.path;
      const fill = (target: string, value: string) => {
        const [where, name] = target.split('.') as [string, string];
        if (where === 'params') path = path.replace(`:${name}`, value);
        else if (where === 'query') query[name] = value;
        else if (where === 'body') body[name] = value;
      };
      for (const target of r.rule.targets!.clusterNames ?? []) fill(target, 'team-b');
      for (const target of r.rule.targets!.snapshotIds ?? []) fill(target, hiddenSnapshot);
      path = path.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await call(keys.limitedWrite, r.method, path, query, r.method === 'get' || r.method === 'delete' ? undefined : body);
      expect({ route: `${r.method} ${r.path}`, status: res.status, code: res.body?.error?.code }).toEqual({ route: `${r.method} ${r.path}`, status: 404, code: 'NOT_FOUND' });
      checked.push(`${r.method} ${r.path}`);
    }
    expect(checked.length).toBeGreaterThan(15);
    // The same key reaches its own cluster, and an unlimited writer the other one.
    await call(keys.limitedWrite, 'get', '/api/v1/clusters/team-a', {}, undefined).expect(200);
    await call(keys.write, 'get', `/api/v1/snapshots/${hiddenSnapshot}`, {}, undefined).expect(200);
  });
});
