// `npm run test:unit`: the pure unit tests only (tests/unit), without the integration
// suite's global set-up (a migrated PGlite template the unit tests never open), in worker
// threads that share loaded modules between test files (`isolate: false`): most of a unit
// file's time was loading the same modules again. `npm test` stays the full suite
// (vitest.config.ts, one process per file).
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({
  ...base,
  test: { ...base.test, include: ["tests/unit/**/*.test.ts"], globalSetup: [], pool: "threads", isolate: false },
});
