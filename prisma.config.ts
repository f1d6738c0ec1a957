import { defineConfig } from 'prisma/config';

// The datasource URL is only needed by Prisma's own migrate commands, which this project does not
// use (see scripts/prisma.mjs); the application passes its URL to the pg driver adapter at run time.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/policyscope' },
});
