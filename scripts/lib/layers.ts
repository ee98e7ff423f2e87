// The layer rules of the code base (pure; `npm run lint:layers` and tests/unit/layers.test.ts
// run them over the repository). Imports point inward:
//   app/ routes -> lib/http (edge) -> lib/api, lib/server (runtime) -> lib/store -> domain
//   (lib/ingest, lib/query, lib/measurement, lib/verdict, lib/rollup, lib/detect, ...) -> lib/config
// and benchmark/test scenario code (bench/) stays out of what ships.
import path from "node:path";

export interface SourceFile {
  /** Repository-relative, with "/" separators. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  rule: string;
  detail: string;
}

interface ImportRule {
  name: string;
  /** Files the rule applies to. */
  from: RegExp;
  /** Imported repository paths they may not reach. */
  forbidden: RegExp;
}

const IMPORT_RULES: ImportRule[] = [
  { name: "the store never imports the API, the edge, the server runtime or routes", from: /^lib\/store\//, forbidden: /^(lib\/(api|http|server)|app)\// },
  {
    name: "pure layers (ingest, query, config) import no store, runtime, edge or API",
    from: /^lib\/(ingest|query|config)\//,
    forbidden: /^(lib\/(store|server|http|api)|app)\//,
  },
  { name: "scenario and benchmark code is imported only by tests and benchmarks", from: /^(?!tests\/|bench\/|scripts\/bench-)/, forbidden: /^bench\// },
];

/**
 * Who may read process.env besides lib/config, and why:
 * - instrumentation.ts: NEXT_RUNTIME is Next.js's own, read before any module of ours loads
 *   (the edge runtime must not load lib/config's Node imports);
 * - probes/: the probe daemon runs on volunteers' machines from its own bundle, with its
 *   own flags (VANTAGE_PROBE_DIR), not the server's configuration;
 * - tests/, bench/ and scripts/bench-*.ts: test and benchmark knobs (TEST_DATABASE_URL,
 *   BENCH_*), never read by the server;
 * - *.config.ts at the root: tool configuration files loaded by their tools.
 */
const ENV_ALLOWED = /^(lib\/config\/|instrumentation\.ts$|probes\/|tests\/|bench\/|scripts\/bench-|[\w-]+\.config\.ts$)/;

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'\n]+)["']/g;

/** The repository path an import specifier names (no extension), or null for a package. */
export function resolveImport(file: string, specifier: string): string | null {
  if (specifier.startsWith("@/")) return path.posix.normalize(specifier.slice(2));
  if (specifier.startsWith(".")) return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return null;
}

/** Comments removed, so a path named in prose is not an import. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

export function layerViolations(files: SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    const body = code(f.text);
    for (const m of body.matchAll(SPECIFIER)) {
      const target = resolveImport(f.path, m[1]);
      if (target === null) continue;
      for (const rule of IMPORT_RULES) {
        if (rule.from.test(f.path) && rule.forbidden.test(target + "/")) out.push({ file: f.path, rule: rule.name, detail: `imports ${m[1]}` });
      }
    }
    if (!ENV_ALLOWED.test(f.path) && /\bprocess\.env\b/.test(body)) {
      out.push({ file: f.path, rule: "only lib/config reads the environment", detail: "reads the process environment (use config() from lib/config)" });
    }
  }
  return out;
}
