import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes the SQL for schema changes into migrations/; row-level security and
// roles live in hand-written migrations beside it (see migrations/README.md).
export default defineConfig({
  dialect: 'postgresql',
  schema: './backend/src/db/schema/index.ts',
  out: './migrations',
});
