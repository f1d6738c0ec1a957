import { readFileSync, writeFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { startTestApp, type TestApp } from '../support/app.js';

// schema.gql is the SDL of the GraphQL schema the service serves (code-first), committed so that a
// change of the API shows in review; this test fails when the served schema changes without it.
// The UI's typed operations (gql.tada) are checked against it. When the API changes, refresh it
// and the UI's types with
//   UPDATE_SCHEMA=1 npx jest test/e2e/schema-sdl.e2e.spec.ts && (cd ui && npx gql.tada generate output)
// then `npm run build:ui`: an operation the new schema no longer accepts fails the type check.
const COPY = 'schema.gql';

describe('schema.gql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is the schema the service serves', () => {
    const served = printSchema(t.app.get(GraphQLSchemaHost).schema) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(COPY, served);
    expect(readFileSync(COPY, 'utf8')).toBe(served);
  });
});
