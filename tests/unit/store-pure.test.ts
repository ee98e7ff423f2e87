// The store's pure helpers: partitioning of Prisma's DDL, retention cut-off, content
// hashing, gap-free timelines, and error messages that never print a password.
import { describe, expect, it } from "vitest";
import { parseMeasurement } from "../../lib/measurement/schema";
import { redactUrl, resolveStoreTarget } from "../../lib/store/config";
import { contentHash } from "../../lib/ingest/content-hash";
import { applyPartitioning, partitionedModels } from "../../lib/store/migration-sql";
import { explainPgError } from "../../lib/store/open";
import { markTimestampsUtc } from "../../lib/store/pglite-utc";
import { retentionCutoff } from "../../lib/store/retention";
import { fillDays } from "../../lib/timeline";
import { okRecord } from "./fixtures/records";

describe("partitioned models", () => {
  const schema = `
/// Plain.
model A {
  id String @id
  @@map("a_table")
}

/// One record per round.
/// vantage:partition-by-range(started_at)
model B {
  id String
  started_at DateTime
  @@map("b_table")
}
`;
  it("reads the marker and the mapped table name", () => {
    expect(partitionedModels(schema)).toEqual([{ table: "b_table", column: "started_at" }]);
  });
  it("appends PARTITION BY RANGE to that table's CREATE TABLE only", () => {
    const ddl = `CREATE TABLE "a_table" (\n    "id" TEXT\n);\n\nCREATE TABLE "b_table" (\n    "id" TEXT,\n    CONSTRAINT "b_pkey" PRIMARY KEY ("id")\n);\n`;
    const out = applyPartitioning(ddl, partitionedModels(schema));
    expect(out).toContain(`CREATE TABLE "a_table" (\n    "id" TEXT\n);`);
    expect(out).toContain(`PRIMARY KEY ("id")\n) PARTITION BY RANGE ("started_at");`);
  });
});

describe("retention", () => {
  it("keeps whole months: 3 months kept on 2026-03-15 means partitions before 2025-12 go", () => {
    expect(retentionCutoff(new Date("2026-03-15T10:00:00Z"), 3).toISOString()).toBe("2025-12-01T00:00:00.000Z");
  });
  it("rejects a value that is not a whole number of months", () => {
    expect(() => retentionCutoff(new Date(), 2.5)).toThrow(/whole number of months/);
    expect(() => retentionCutoff(new Date(), 0)).toThrow(/at least 1/);
  });
});

describe("content hash", () => {
  it("is the same for a record sent with its keys in another order", () => {
    const rec = okRecord("max");
    const reordered = Object.fromEntries(Object.entries(rec).reverse());
    const a = parseMeasurement(rec);
    const b = parseMeasurement(reordered);
    if (!a.ok || !b.ok) throw new Error("fixture invalid");
    expect(contentHash(b.record)).toBe(contentHash(a.record));
    const changed = parseMeasurement({ ...rec, runtime_ms: rec.runtime_ms + 1 });
    if (!changed.ok) throw new Error("fixture invalid");
    expect(contentHash(changed.record)).not.toBe(contentHash(a.record));
  });
});

describe("timeline days", () => {
  it("fills every day of the range and leaves days without data at zero, not ok", () => {
    const days = fillDays([{ day: "2026-02-02", ok: 3, anomaly: 1, confirmed: 0, failure: 1 }], "2026-02-01", "2026-02-03");
    expect(days.map((d) => [d.day, d.ok, d.total])).toEqual([
      ["2026-02-01", 0, 0],
      ["2026-02-02", 3, 5],
      ["2026-02-03", 0, 0],
    ]);
  });
});

describe("store configuration", () => {
  it("uses PGlite in ./.data by default and PostgreSQL when DATABASE_URL is set", () => {
    expect(resolveStoreTarget({}, {})).toMatchObject({ kind: "pglite" });
    expect(resolveStoreTarget({}, { VANTAGE_DATA_DIR: "/x" })).toEqual({ kind: "pglite", dataDir: "/x" });
    expect(resolveStoreTarget({}, { DATABASE_URL: "postgres://h/db" })).toEqual({ kind: "postgres", url: "postgres://h/db" });
  });
  it("never prints a password", () => {
    expect(redactUrl("postgres://user:s3cret@host:5432/db")).toBe("postgres://user:***@host:5432/db");
    const line = explainPgError({ code: "28P01" }, "postgres://user:s3cret@host/db");
    expect(line).toBe("PostgreSQL at postgres://user:***@host/db rejected the credentials (wrong user or password)");
  });
});

describe("PGlite timestamps read as UTC", () => {
  it("marks offset-less DateTime cells (scalar and array) as UTC and leaves other columns alone", () => {
    const result = markTimestampsUtc({
      columnTypes: [10, 74, 7],
      rows: [["2026-02-01 10:05:00", ["2026-02-01 10:05:00.25", null], "2026-02-01 10:05:00"]],
    });
    expect(result.rows[0]).toEqual(["2026-02-01T10:05:00Z", ["2026-02-01T10:05:00.25Z", null], "2026-02-01 10:05:00"]);
    expect(new Date(result.rows[0][0] as string).toISOString()).toBe("2026-02-01T10:05:00.000Z");
  });
});
