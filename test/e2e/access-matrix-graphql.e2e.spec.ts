import { ModulesContainer, Reflector } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLField, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import request from 'supertest';
import { ACCESS_RULE, type AccessRule } from '../../src/modules/auth/access.decorator.js';
import { startAccessFixture, type AccessFixture } from '../support/access-fixture.js';
import type { TestApp } from '../support/app.js';

// Access control on every GraphQL query and mutation, read from the resolvers' own access rules
// (issue 11, as test/e2e/access-matrix.e2e.spec.ts does for REST): a key one scope short gets
// FORBIDDEN, a key limited to another cluster gets NOT_FOUND wherever the operation names a cluster
// or one of its snapshots. Operations added later are covered without touching this test.

const SCOPE_BELOW = { write: 'read', admin: 'write' } as const;
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

interface Operation {
  kind: 'query' | 'mutation';
  field: string;
  rule: AccessRule;
}

function operationsOf(app: TestApp['app']): Operation[] {
  const reflector = app.get(Reflector);
  const found: Operation[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type || typeof type !== 'function' || !type.prototype) continue;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        // Methods only: reading a getter of some framework class has side effects.
        const handler = Object.getOwnPropertyDescriptor(type.prototype, name)?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const kind = Reflect.getMetadata('graphql:resolver_type', handler) as string | undefined;
        if (kind !== 'Query' && kind !== 'Mutation') continue;
        const field = (Reflect.getMetadata('graphql:resolver_name', handler) as string | undefined) ?? name;
        const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler as () => void, type]) ?? { scope: 'admin' as const };
        found.push({ kind: kind === 'Query' ? 'query' : 'mutation', field, rule });
      }
    }
  }
  return found;
}

/** A GraphQL literal of `type`: `values` by argument path (`args.cluster`, `args.input.name`) where given, else a harmless sample. */
function literal(type: GraphQLInputType, path: string, values: Map<string, string>): string {
  if (values.has(path)) return JSON.stringify(values.get(path));
  if (isNonNullType(type)) return literal(type.ofType, path, values);
  if (isListType(type)) return '[]';
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => (isNonNullType(f.type) && f.defaultValue === undefined) || values.has(`${path}.${f.name}`));
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type, `${path}.${f.name}`, values)}`).join(', ')} }`;
  }
  if (type.name === 'Int' || type.name === 'Float') return '1';
  if (type.name === 'Boolean') return 'false';
  return JSON.stringify(NO_SUCH_ID);
}

function operationText(schema: GraphQLSchema, op: Operation, values: Map<string, string>): string {
  const root = op.kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const field = root.getFields()[op.field] as GraphQLField<unknown, unknown>;
  const args = field.args
    .filter((a) => (isNonNullType(a.type) && a.defaultValue === undefined) || [...values.keys()].some((k) => k === `args.${a.name}` || k.startsWith(`args.${a.name}.`)))
    .map((a) => `${a.name}: ${literal(a.type, `args.${a.name}`, values)}`);
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  return `${op.kind} { ${op.field}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

describe('access matrix: every GraphQL query and mutation, by its own access rule', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let hiddenSnapshot: string;
  let keys: AccessFixture['keys'];
  let close: () => Promise<void>;
  const gql = (key: string, query: string) => request(t.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${key}`).send({ query });

  beforeAll(async () => {
    ({ t, keys, hiddenSnapshot, close } = await startAccessFixture('policyscope-access-gql-'));
    schema = t.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(async () => close());

  it('finds a rule for every root field of the schema', () => {
    const ops = operationsOf(t.app);
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())].sort();
    expect([...new Set(ops.map((o) => o.field))].sort()).toEqual(fields);
  });

  it('a key one scope short gets FORBIDDEN on every write and admin operation', async () => {
    const checked = [];
    for (const op of operationsOf(t.app).filter((o) => o.rule.scope !== 'read')) {
      const res = await gql(keys[SCOPE_BELOW[op.rule.scope as 'write' | 'admin']], operationText(schema, op, new Map()));
      expect({ op: op.field, code: res.body.errors?.[0]?.extensions?.code }).toEqual({ op: op.field, code: 'FORBIDDEN' });
      checked.push(op.field);
    }
    expect(checked.length).toBeGreaterThan(8);
  });

  it('a key limited to team-a gets NOT_FOUND on every operation that names team-b or one of its snapshots', async () => {
    const checked = [];
    for (const op of operationsOf(t.app).filter((o) => o.rule.targets && o.rule.scope !== 'admin')) {
      const values = new Map<string, string>();
      for (const path of op.rule.targets!.clusterNames ?? []) values.set(path, 'team-b');
      for (const path of op.rule.targets!.snapshotIds ?? []) values.set(path, hiddenSnapshot);
      const query = operationText(schema, op, values);
      const res = await gql(keys.limitedWrite, query);
      expect({ query, code: res.body.errors?.[0]?.extensions?.code }).toEqual({ query, code: 'NOT_FOUND' });
      checked.push(op.field);
    }
    expect(checked.length).toBeGreaterThan(10);
    expect((await gql(keys.limitedWrite, '{ cluster(name: "team-a") { name } }')).body.data.cluster).toEqual({ name: 'team-a' });
  });
});
