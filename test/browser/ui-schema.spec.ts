import { readFileSync, writeFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { startTestApp, type TestApp } from '../support/app.js';

// The UI's typed GraphQL operations (gql.tada) are checked against ui/schema.graphql, a copy of the
// schema the service serves. When the API changes, refresh the copy and the UI's types with
//   UPDATE_UI_SCHEMA=1 npx jest test/browser/ui-schema.spec.ts && (cd ui && npx gql.tada generate output)
// then `npm run build:ui`: an operation the new schema no longer accepts fails the type check.
const COPY = 'ui/schema.graphql';

describe('the UI schema copy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is the schema the service serves', () => {
    const served = printSchema(t.app.get(GraphQLSchemaHost).schema) + '\n';
    if (process.env.UPDATE_UI_SCHEMA === '1') writeFileSync(COPY, served);
    expect(readFileSync(COPY, 'utf8')).toBe(served);
  });
});
