// The layer rules (scripts/lib/layers.ts): each fails on the import or read it forbids,
// and the repository as it stands passes them all (what `npm run lint:layers` checks).
import { describe, expect, it } from "vitest";
import { layerViolations } from "../../scripts/lib/layers";
import { repositorySources } from "../../scripts/lint-layers";

const file = (path: string, text: string) => ({ path, text });

describe("layers", () => {
  it("fails when the store imports the API, the edge or the server runtime", () => {
    const v = layerViolations([
      file("lib/store/queries/x.ts", 'import type { AggregationQuery } from "../../api/aggregation-params";'),
      file("lib/store/y.ts", 'import { route } from "@/lib/http";\nimport { getStore } from "../server/store";'),
    ]);
    expect(v.map((x) => `${x.file} ${x.detail}`)).toEqual([
      "lib/store/queries/x.ts imports ../../api/aggregation-params",
      "lib/store/y.ts imports @/lib/http",
      "lib/store/y.ts imports ../server/store",
    ]);
  });

  it("fails when anything outside tests and benchmarks imports scenario code", () => {
    const importScenario = 'import { SCENARIOS } from "@/bench/scenarios/catalog";';
    expect(layerViolations([file("lib/demo/seed.ts", importScenario), file("app/page.tsx", 'export { x } from "../bench/scenarios/prng";')])).toHaveLength(2);
    expect(layerViolations([file("tests/unit/a.test.ts", importScenario), file("scripts/bench-detect.ts", importScenario), file("bench/scenarios/x.ts", 'import "./catalog";')])).toEqual([]);
  });

  it("fails when a file outside lib/config reads the environment, and not for the documented exceptions", () => {
    const reads = "const port = process.env.PORT;";
    expect(layerViolations([file("lib/net/peer.ts", reads), file("scripts/serve-site.ts", reads)]).map((v) => v.file)).toEqual(["lib/net/peer.ts", "scripts/serve-site.ts"]);
    const allowed = ["lib/config/index.ts", "instrumentation.ts", "probes/daemon/state.ts", "tests/helpers/stores.ts", "scripts/bench-ingest.ts", "vitest.config.ts"];
    expect(layerViolations(allowed.map((p) => file(p, reads)))).toEqual([]);
  });

  it("ignores paths and names that only appear in comments", () => {
    expect(layerViolations([file("lib/store/z.ts", '// see lib/api/x.ts and import "../api/x";\n/* process.env.X */ const a = 1;')])).toEqual([]);
  });

  it("holds for the repository", () => {
    expect(layerViolations(repositorySources())).toEqual([]);
  });
});
