// Imports the OONI fixtures into a fresh store: embedded PGlite always, and PostgreSQL too
// when TEST_DATABASE_URL is set (a database of its own, created and dropped here). Checks
// counts, that re-importing adds nothing, and that a malformed line is reported while the
// rest imports.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOoni, type Problem } from "../../lib/ooni/importer";
import { storeSink } from "../../lib/ooni/store-sink";
import { openStore, type Store } from "../../lib/store";
import { FIXTURES_DIR, fixturePath } from "../fixtures/ooni/load";

const run = promisify(execFile);

interface Backend {
  name: string;
  open: () => Promise<Store>;
  cliArgs: string[];
  setup: () => Promise<void>;
  teardown: () => Promise<void>;
}

function pgliteBackend(): Backend {
  let dir = "";
  return {
    name: "PGlite",
    setup: async () => {
      dir = mkdtempSync(path.join(tmpdir(), "ooni-import-"));
    },
    open: () => openStore({ dataDir: path.join(dir, "db") }),
    get cliArgs() {
      return ["--data-dir", path.join(dir, "db")];
    },
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresBackend(adminUrl: string): Backend {
  const dbName = `vantage_ooni_test_${process.pid}_${Date.now()}`;
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const admin = async (sql: string) => {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name: "PostgreSQL",
    setup: () => admin(`CREATE DATABASE "${dbName}"`),
    open: () => openStore({ databaseUrl: url.toString() }),
    cliArgs: ["--database-url", url.toString()],
    teardown: () => admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`),
  };
}

const backends = [pgliteBackend(), ...(process.env.TEST_DATABASE_URL ? [postgresBackend(process.env.TEST_DATABASE_URL)] : [])];

// The fixtures hold 14 distinct importable measurements; 3 more lines repeat some of them
// (a meta response of a bare measurement, and two lines in malformed.jsonl).
const DISTINCT = 14;

describe.each(backends)("OONI import into $name", (backend) => {
  let store: Store;
  beforeAll(async () => {
    await backend.setup();
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
    await backend.teardown();
  });

  const count = async (sql: string) => Number((await store.prisma.$queryRawUnsafe<{ n: bigint | number }[]>(sql))[0].n);

  it("imports every fixture, reports the malformed line, and stores records with their source and OONI provenance", async () => {
    const problems: Problem[] = [];
    const summary = await importOoni([FIXTURES_DIR], { batchSize: 4, sink: storeSink(store), onProblem: (p) => problems.push(p) });
    expect(summary).toMatchObject({
      files: 11,
      read: 24,
      imported: DISTINCT,
      alreadyPresent: 3,
      skipped: { malformed_json: 1, not_a_measurement: 1, other_test: 3, no_target_evidence: 2 },
    });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: fixturePath("malformed.jsonl"), line: 2, reason: "malformed_json" }),
    );
    expect(await count("SELECT count(*) AS n FROM measurements")).toBe(DISTINCT);
    expect(await count("SELECT count(*) AS n FROM measurements WHERE source = 'ooni' AND probe_id IS NULL")).toBe(DISTINCT);
    expect(await count("SELECT count(*) AS n FROM measurements WHERE service = 'signal'")).toBe(4);
    expect(await count("SELECT count(*) AS n FROM measurements WHERE service = 'max'")).toBe(3);
    expect(await count("SELECT count(*) AS n FROM measurements WHERE country = 'ZZ' AND asn = 0")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM target_results")).toBeGreaterThan(DISTINCT);
    const [row] = await store.prisma.$queryRawUnsafe<{ uid: string; anomaly: boolean; class: string }[]>(
      `SELECT record->'ooni'->>'measurement_uid' AS uid, (record->'ooni'->>'anomaly')::boolean AS anomaly, class
         FROM measurements WHERE record->'ooni'->>'measurement_uid' = '20260210180412.007311_RU_telegram_7c1f0e2d9a8b3456'`,
    );
    // Partial data-centre blocking: OONI's test says ok, Vantage an anomaly.
    expect(row).toEqual({ uid: "20260210180412.007311_RU_telegram_7c1f0e2d9a8b3456", anomaly: false, class: "anomaly" });
    // The OONI Explorer link is stored at import: every measurement with a uid or report id has one.
    const [link] = await store.prisma.$queryRawUnsafe<{ ooni_url: string }[]>(
      `SELECT ooni_url FROM measurements WHERE record->'ooni'->>'measurement_uid' = '20260210180412.007311_RU_telegram_7c1f0e2d9a8b3456'`,
    );
    expect(link.ooni_url).toBe("https://explorer.ooni.org/m/20260210180412.007311_RU_telegram_7c1f0e2d9a8b3456");
    expect(await count("SELECT count(*) AS n FROM measurements WHERE ooni_url IS NULL")).toBe(1); // the hidden one has no id to link by
  });

  it("adds nothing when the same files are imported again", async () => {
    const summary = await importOoni([FIXTURES_DIR], { sink: storeSink(store) });
    expect(summary).toMatchObject({ imported: 0, alreadyPresent: DISTINCT + 3 });
    expect(await count("SELECT count(*) AS n FROM measurements")).toBe(DISTINCT);
  });

  it("runs as a command: exit 0 with skips, the summary on stdout, problems with file and line on stderr", async () => {
    await store.close(); // the CLI opens the store itself (PGlite allows one process at a time)
    try {
      const { stdout, stderr } = await run(
        "npx",
        ["tsx", "scripts/import-ooni.ts", "--quiet", "--json", ...backend.cliArgs, fixturePath("malformed.jsonl"), fixturePath("telegram.jsonl")],
        { cwd: path.resolve(FIXTURES_DIR, "../../.."), env: { ...process.env, DATABASE_URL: "" } },
      );
      expect(JSON.parse(stdout)).toMatchObject({ dryRun: false, read: 8, imported: 0, alreadyPresent: 4, skipped: { malformed_json: 1, not_a_measurement: 1, other_test: 1, no_target_evidence: 1 } });
      expect(stderr).toContain("malformed.jsonl:2: malformed_json");
    } finally {
      store = await backend.open();
    }
  });
});
