import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
    globalSetup: ["tests/global-setup.ts"],
    // Request logs (one JSON line per API call) would bury the test report; problems still print.
    env: { VANTAGE_LOG_LEVEL: "warn" },
  },
});
