import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Database drivers and Prisma's WebAssembly runtime load files at run time: keep them
  // out of the bundle and require them from node_modules.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/client",
    "pg",
    // Native rasteriser for chart PNGs (a prebuilt .node binary per platform).
    "@resvg/resvg-js",
  ],
  poweredByHeader: false,
  // Type errors are caught by `npm run typecheck` in CI; the production build skips the
  // second check so `npm start` on a fresh clone stays quick.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
