// Reading OONI files: JSON, JSON lines, meta responses, gzip by magic bytes, directories,
// malformed lines and truncated files; and the importer's counting and batching.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShapedRecord } from "../../lib/ingest/prepare";
import { importOoni, type Problem } from "../../lib/ooni/importer";
import { checkInputPaths, listInputFiles, readFile, readInputs, splitLines, type SourceItem } from "../../lib/ooni/reader";
import { fixturePath } from "../fixtures/ooni/load";

let dir: string;
const fixture = (name: string) => readFileSync(fixturePath(name));

async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const i of items) out.push(i);
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ooni-reader-"));
  mkdirSync(path.join(dir, "in", "2026", "02"), { recursive: true });
  writeFileSync(path.join(dir, "in", "telegram.jsonl.gz"), gzipSync(fixture("telegram.jsonl")));
  writeFileSync(path.join(dir, "in", "2026", "02", "whatsapp-ok.json.gz"), gzipSync(fixture("whatsapp-ok.json")));
  writeFileSync(path.join(dir, "in", "2026", "meta-whatsapp-blocked.json"), fixture("meta-whatsapp-blocked.json"));
  writeFileSync(path.join(dir, "in", "README.txt"), "not an input");
  // gzip told by its magic bytes, not by its name
  writeFileSync(path.join(dir, "signal.dat"), gzipSync(fixture("signal.jsonl")));
  // a gzip stream cut off half way: the lines before the cut still read
  const whole = gzipSync(Buffer.concat([fixture("signal.jsonl"), fixture("signal.jsonl")]));
  writeFileSync(path.join(dir, "truncated.jsonl.gz"), whole.subarray(0, Math.floor(whole.length * 0.75)));
  writeFileSync(path.join(dir, "empty.jsonl"), "\n\n");
  // a Windows export: byte-order mark and CRLF line ends
  const lines = readFileSync(fixturePath("signal.jsonl"), "utf8").trim().split("\n");
  writeFileSync(path.join(dir, "windows.jsonl"), "\uFEFF" + lines.join("\r\n") + "\r\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("reader", () => {
  it("walks directories recursively in name order, picking JSON, JSON-lines and gzip files", async () => {
    const files: string[] = [];
    for await (const f of listInputFiles([path.join(dir, "in")])) files.push(path.relative(dir, f));
    expect(files).toEqual([
      path.join("in", "2026", "02", "whatsapp-ok.json.gz"),
      path.join("in", "2026", "meta-whatsapp-blocked.json"),
      path.join("in", "telegram.jsonl.gz"),
    ]);
  });

  it("reads gzip JSON lines, a gzip pretty-printed single measurement and a meta response", async () => {
    const items = await collect(readInputs([path.join(dir, "in")]));
    expect(items.map((i) => [path.basename(i.file), i.kind, i.line])).toEqual([
      ["whatsapp-ok.json.gz", "value", 1],
      ["meta-whatsapp-blocked.json", "value", 1],
      ["telegram.jsonl.gz", "value", 1],
      ["telegram.jsonl.gz", "value", 2],
      ["telegram.jsonl.gz", "value", 3],
    ]);
    const first = items[0] as Extract<SourceItem, { kind: "value" }>;
    expect((first.value as { test_name: string }).test_name).toBe("whatsapp");
    const meta = items[1] as Extract<SourceItem, { kind: "value" }>;
    expect(typeof (meta.value as { raw_measurement: unknown }).raw_measurement).toBe("string");
  });

  it("tells gzip by its magic bytes whatever the file is called", async () => {
    const items = await collect(readFile(path.join(dir, "signal.dat")));
    expect(items.map((i) => i.kind)).toEqual(["value", "value", "value"]);
  });

  it("reports a malformed line with its file and line number and reads on", async () => {
    const file = fixturePath("malformed.jsonl");
    const items = await collect(readFile(file));
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ["value", 1],
      ["malformed", 2],
      ["value", 3],
      ["value", 4],
      ["value", 5],
    ]);
    expect(items[1]).toMatchObject({ file, line: 2, message: expect.stringMatching(/not valid JSON/) });
  });

  it("reports a truncated gzip file after keeping what was read before the cut", async () => {
    const items = await collect(readFile(path.join(dir, "truncated.jsonl.gz")));
    const last = items.at(-1)!;
    expect(last).toMatchObject({ kind: "file_error", line: expect.any(Number) });
    expect(items.filter((i) => i.kind === "value").length).toBeGreaterThanOrEqual(1);
  });

  it("reads a file with a byte-order mark and CRLF line ends", async () => {
    const items = await collect(readFile(path.join(dir, "windows.jsonl")));
    expect(items.map((i) => [i.kind, i.line])).toEqual([["value", 1], ["value", 2], ["value", 3]]);
  });

  it("reads nothing from an empty file", async () => {
    expect(await collect(readFile(path.join(dir, "empty.jsonl")))).toEqual([]);
  });

  it("refuses missing paths and an empty path list before reading anything", async () => {
    await expect(checkInputPaths([])).rejects.toThrow(/no input/);
    await expect(checkInputPaths([path.join(dir, "nope.jsonl")])).rejects.toThrow(/nope\.jsonl: no such file or directory/);
    await expect(checkInputPaths([dir, fixturePath("signal.jsonl")])).resolves.toBeUndefined();
  });
});

describe("splitLines", () => {
  const lines = async (chunks: Buffer[], max?: number) => {
    const out: (string | null)[] = [];
    for await (const l of splitLines((async function* () { yield* chunks; })(), max)) out.push(l);
    return out;
  };
  // Multi-byte characters, CRLF, a lone CR, an empty line and no final line end.
  const text = "{\"a\":\"Привет, 世界 🌍\"}\r\n\n{\"b\":1}\r{\"c\":\"é\"}\n{\"d\":2}";
  const expected = ['{"a":"Привет, 世界 🌍"}', "", '{"b":1}', '{"c":"é"}', '{"d":2}'];

  it("splits like readline (LF, CRLF, lone CR) wherever the chunks are cut, even inside a character", async () => {
    const bytes = Buffer.from(text, "utf8");
    expect(await lines([bytes])).toEqual(expected);
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        const got = await lines([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]);
        if (JSON.stringify(got) !== JSON.stringify(expected)) expect({ cuts: [a, b], got }).toEqual({ cuts: [a, b], got: expected });
      }
    }
  });

  it("drops a line over the limit as it streams, yields null in its place and goes on", async () => {
    const long = "x".repeat(50);
    const chunks = ['{"ok":1}\n', long.slice(0, 20), long.slice(20), "\n", '{"ok":2}\n', long].map((s) => Buffer.from(s));
    expect(await lines(chunks, 30)).toEqual(['{"ok":1}', null, '{"ok":2}', null]);
  });

  it("reports an over-long line as malformed with its line number", async () => {
    const file = path.join(dir, "long-line.jsonl");
    const signal = readFileSync(fixturePath("signal.jsonl"), "utf8").trim().split("\n")[0];
    writeFileSync(file, `${signal}\n${" ".repeat(65 * 1024 * 1024)}x\n${signal}\n`);
    const items = await collect(readFile(file));
    expect(items.map((i) => [i.kind, i.line, i.kind === "malformed" ? i.message : ""])).toEqual([
      ["value", 1, ""],
      ["malformed", 2, "line longer than 67108864 bytes"],
      ["value", 3, ""],
    ]);
  });
});

describe("importOoni", () => {
  it("counts read, valid, duplicates and skips per reason, and reports problems by file and line", async () => {
    const problems: Problem[] = [];
    const summary = await importOoni([fixturePath("malformed.jsonl"), fixturePath("signal.jsonl")], {
      onProblem: (p) => problems.push(p),
    });
    // malformed.jsonl: signal ok, broken line, Max ok, {"hello"}, ndt; signal.jsonl: signal ok again + 2 more
    expect(summary).toMatchObject({
      files: 2,
      read: 8,
      valid: 4,
      imported: 0,
      alreadyPresent: 1,
      skipped: { malformed_json: 1, not_a_measurement: 1, other_test: 1 },
      unreadableFiles: 0,
    });
    expect(problems.map((p) => [path.basename(p.file), p.line, p.reason])).toEqual([
      ["malformed.jsonl", 2, "malformed_json"],
      ["malformed.jsonl", 4, "not_a_measurement"],
    ]);
  });

  it("hands valid records to the sink in batches no larger than the batch size", async () => {
    const batches: ShapedRecord[][] = [];
    const summary = await importOoni([path.join(dir, "in"), path.join(dir, "signal.dat")], {
      batchSize: 2,
      sink: async (records) => {
        batches.push(records);
        return { stored: records.length, duplicates: 0 };
      },
    });
    expect(batches.map((b) => b.length)).toEqual([2, 2, 2, 1]);
    expect(summary).toMatchObject({ read: 8, valid: 7, imported: 7, skipped: { no_target_evidence: 1 }, alreadyPresent: 0 });
    expect(new Set(batches.flat().map((r) => r.m.service))).toEqual(new Set(["whatsapp", "telegram", "signal"]));
  });

  it("counts and shapes the same in worker threads as in this one, in input order", async () => {
    const FIXTURES = path.dirname(fixturePath("signal.jsonl"));
    const run = async (workers: number) => {
      const shaped: ShapedRecord[] = [];
      const problems: Problem[] = [];
      const summary = await importOoni([FIXTURES, path.join(dir, "in")], {
        workers,
        batchSize: 3,
        onProblem: (p) => problems.push(p),
        sink: async (records) => {
          shaped.push(...records);
          return { stored: records.length, duplicates: 0 };
        },
      });
      // received_at is the import's own clock; everything else must match exactly.
      const rows = shaped.map(({ m: { received_at: _at, ...m }, rowJson, ...rest }) => ({
        ...rest,
        m,
        rowJson: rowJson.replace(/"received_at":"[^"]*"/, ""),
      }));
      return { summary: { ...summary, elapsedMs: 0 }, problems, rows };
    };
    const inThread = await run(0);
    const pooled = await run(2);
    expect(inThread.rows.length).toBeGreaterThan(10);
    expect(pooled).toEqual(inThread);
  }, 60_000);

  it("reports progress on the clock it is given", async () => {
    let t = 0;
    const seen: number[] = [];
    await importOoni([fixturePath("signal.jsonl")], { now: () => (t += 1000), progressEveryMs: 1500, onProgress: (s) => seen.push(s.read) });
    expect(seen.length).toBeGreaterThan(0);
  });

  it("fails the run when the sink fails, with the sink's error", async () => {
    await expect(
      importOoni([fixturePath("signal.jsonl")], { batchSize: 1, sink: async () => Promise.reject(new Error("store is down")) }),
    ).rejects.toThrow("store is down");
  });
});
