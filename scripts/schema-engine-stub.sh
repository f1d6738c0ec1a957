#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here. `prisma generate`
# only checks that it exists. Migrations are applied by `npm run db:migrate` (the project's migrator).
echo "Prisma's schema engine is not installed; use 'npm run db:migrate' to apply migrations." >&2
exit 1
