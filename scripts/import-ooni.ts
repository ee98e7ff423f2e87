// npm run import:ooni -- [flags] PATH...
// Imports OONI measurements (files or directories; JSON, JSON lines, measurement-meta
// responses, plain or gzip) into Vantage's store. Thin: the work is in lib/ooni.
import { parseArgs } from "node:util";
import { DEFAULT_BATCH_SIZE, importOoni, type Problem } from "../lib/ooni/importer";
import { checkInputPaths, InputPathError } from "../lib/ooni/reader";
import { defaultWorkerCount } from "../lib/workers/pool";
import { debugWanted } from "./lib/cli";
import { storeSink } from "../lib/ooni/store-sink";
import { formatVerdictChange, rescoreSink, verdictMoved, type VerdictChange } from "../lib/ooni/rescore";
import { formatProblem, formatProgress, formatSummary } from "../lib/ooni/summary";
import { INGEST_LIMITS } from "../lib/ingest/batch";

const USAGE = `usage: npm run import:ooni -- [flags] PATH...

PATH is a file or a directory (read recursively: *.json, *.jsonl, *.ndjson, *.gz).
Files may hold one measurement, JSON lines, or OONI API measurement-meta responses,
plain or gzip-compressed.

flags:
  --batch-size N        records per store write (1-${INGEST_LIMITS.records}, default ${DEFAULT_BATCH_SIZE})
  --dry-run             map and validate only; store nothing
  --rescore             re-map and re-score measurements already stored (replacing their rows),
                        print "old -> new" per measurement; each batch (rows and the rollups
                        of its hours) is replaced in one transaction
  --quiet               no progress lines (problems and the summary still print)
  --progress-seconds S  seconds between progress lines on stderr (default 2)
  --max-problems N      problem lines to print before only counting them (default 100)
  --workers N           threads that parse, map and score (0-64; default: one per core but one, at least 1; 0: none)
  --json                print the summary as JSON on stdout instead of text
  --database-url URL    PostgreSQL to import into (default: DATABASE_URL, else embedded PGlite)
  --data-dir DIR        PGlite data directory (default: VANTAGE_DATA_DIR, else ./.data)
  -h, --help            this text`;

class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max} (got "${value}")`);
  }
  return Number(value);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        "batch-size": { type: "string" },
        "dry-run": { type: "boolean" },
        rescore: { type: "boolean" },
        quiet: { type: "boolean" },
        "progress-seconds": { type: "string" },
        "max-problems": { type: "string" },
        workers: { type: "string" },
        json: { type: "boolean" },
        "database-url": { type: "string" },
        "data-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: flags, positionals: paths } = parsed;
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const batchSize = positiveInt("batch-size", flags["batch-size"], DEFAULT_BATCH_SIZE, INGEST_LIMITS.records);
  const progressSeconds = positiveInt("progress-seconds", flags["progress-seconds"], 2);
  const maxProblems = positiveInt("max-problems", flags["max-problems"], 100);
  const workers = flags.workers === "0" ? 0 : positiveInt("workers", flags.workers, defaultWorkerCount(), 64);
  const dryRun = flags["dry-run"] === true;
  const rescore = flags.rescore === true;
  if (dryRun && rescore) throw new UsageError("--rescore replaces stored rows; it cannot be combined with --dry-run");
  await checkInputPaths(paths);

  let shown = 0;
  let hidden = 0;
  const onProblem = (p: Problem) => {
    if (shown < maxProblems) {
      shown += 1;
      console.error(formatProblem(p));
    } else hidden += 1;
  };

  const { openStore } = await import("../lib/store");
  const store = dryRun ? null : await openStore({ databaseUrl: flags["database-url"], dataDir: flags["data-dir"] });
  const changes: VerdictChange[] = [];
  const rescoring = store && rescore ? rescoreSink(store, (c) => changes.push(c)) : null;
  try {
    const summary = await importOoni(paths, {
      batchSize,
      sink: rescoring ? rescoring : store ? storeSink(store) : undefined,
      workers,
      onProblem,
      onProgress: flags.quiet ? undefined : (s) => console.error(formatProgress(s, dryRun)),
      progressEveryMs: progressSeconds * 1000,
    });
    if (hidden > 0) console.error(`... and ${hidden.toLocaleString("en-US")} more problem(s) not shown (--max-problems)`);
    if (flags.json) {
      console.log(JSON.stringify({ dryRun, ...summary, ...(rescore ? { changes, moved: changes.filter(verdictMoved).length } : {}) }));
      return 0;
    }
    if (rescore) {
      for (const c of changes) console.log(`${verdictMoved(c) ? "moved" : "same "} ${formatVerdictChange(c)}`);
      console.log(`re-scored ${changes.length.toLocaleString("en-US")} measurement(s); verdict moved for ${changes.filter(verdictMoved).length.toLocaleString("en-US")}`);
    }
    console.log(formatSummary(summary, dryRun));
    return 0;
  } finally {
    await store?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof InputPathError) {
      console.error(`import:ooni: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    const e = error as Error;
    if (debugWanted()) console.error(e?.stack);
    console.error(`import:ooni: ${e?.name && e.name !== "Error" ? `${e.name}: ` : ""}${e?.message ?? String(error)}`);
    process.exit(1);
  },
);
