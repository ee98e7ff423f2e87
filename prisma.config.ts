// Prisma CLI configuration. Vantage runs every Prisma step offline: the schema engine
// is Prisma's WebAssembly build driven through a driver adapter (engine "js"), so no
// engine binary is ever downloaded. The adapter is an in-memory PGlite that
// `prisma migrate diff` needs to exist; migrations themselves are applied by
// lib/store/migrate.ts inside the process that owns the store.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    // Typed against an older driver-adapter-utils than Prisma 6.19's; same runtime contract.
    return new PrismaPGlite(new PGlite()) as never;
  },
});
