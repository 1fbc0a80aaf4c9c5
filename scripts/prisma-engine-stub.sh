#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here. It is never meant to
# run: migrations are created with the wasm engine and applied by app/lib/migrate.server.ts.
echo "prisma schema engine is not available: use npm run migrate:create / npm run db:migrate" >&2
exit 1
