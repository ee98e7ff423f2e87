// `npm run test:unit`: the pure unit tests only (tests/unit), without the integration
// suite's global set-up (a migrated PGlite template the unit tests never open).
// `npm test` stays the full suite (vitest.config.ts).
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({ ...base, test: { ...base.test, include: ["tests/unit/**/*.test.ts"], globalSetup: [] } });
