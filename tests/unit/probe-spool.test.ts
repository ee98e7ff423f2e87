// The probe's on-disk spool: flushed appends, torn last lines, acknowledged removal, a
// crash between upload and removal, a half-written compaction, the size cap.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Spool, SpoolFullError } from "../../probes/daemon/spool";

const dirs: string[] = [];
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), "vantage-spool-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const rec = (i: number, extra = "") => ({ id: `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`, n: i, extra });

describe("probe spool", () => {
  it("keeps appended records across a reopen and logs every flushed id", async () => {
    const dir = freshDir();
    const idsLog = join(dir, "ids.log");
    const spool = new Spool(dir, { maxBytes: 1 << 20, idsLog });
    spool.open();
    await spool.append([rec(1), rec(2)]);
    await spool.append([rec(3)]);
    expect(statSync(spool.file).mode & 0o777).toBe(0o600);
    const again = new Spool(dir, { maxBytes: 1 << 20 });
    expect(again.open()).toEqual({ tornBytes: 0, corruptLines: 0 });
    expect(again.count).toBe(3);
    expect((await again.peek(10, 1 << 20)).records).toEqual([rec(1), rec(2), rec(3)]);
    expect(readFileSync(idsLog, "utf8").trim().split("\n")).toEqual([rec(1).id, rec(2).id, rec(3).id]);
  });

  it("drops a torn last line cleanly and keeps appending after it", async () => {
    const dir = freshDir();
    const spool = new Spool(dir, { maxBytes: 1 << 20 });
    spool.open();
    await spool.append([rec(1), rec(2)]);
    appendFileSync(spool.file, JSON.stringify(rec(3)).slice(0, 25)); // the crash came mid-write
    const reopened = new Spool(dir, { maxBytes: 1 << 20 });
    const report = reopened.open();
    expect(report.tornBytes).toBe(25);
    expect(reopened.count).toBe(2);
    await reopened.append([rec(4)]);
    expect((await reopened.peek(10, 1 << 20)).records).toEqual([rec(1), rec(2), rec(4)]);
    expect(readFileSync(spool.file, "utf8").endsWith("\n")).toBe(true);
  });

  it("sets a corrupt complete line aside and keeps the rest", async () => {
    const dir = freshDir();
    const spool = new Spool(dir, { maxBytes: 1 << 20 });
    spool.open();
    await spool.append([rec(1)]);
    appendFileSync(spool.file, "{garbage\n");
    await spool.append([rec(2)]);
    const reopened = new Spool(dir, { maxBytes: 1 << 20 });
    expect(reopened.open().corruptLines).toBe(1);
    expect((await reopened.peek(10, 1 << 20)).records).toEqual([rec(1), rec(2)]);
    expect(readFileSync(reopened.rejectedFile, "utf8")).toContain("{garbage");
  });

  it("removes only an acknowledged batch, keeping unacknowledged lines and later appends", async () => {
    const dir = freshDir();
    const spool = new Spool(dir, { maxBytes: 1 << 20 });
    spool.open();
    await spool.append([1, 2, 3, 4, 5].map((i) => rec(i)));
    const batch = await spool.peek(3, 1 << 20);
    expect(batch.records).toEqual([rec(1), rec(2), rec(3)]);
    await spool.append([rec(6)]); // a round finished during the upload
    await spool.remove(batch, [batch.lines[1]]); // the server acknowledged 1 and 3
    expect(spool.count).toBe(4);
    expect((await spool.peek(10, 1 << 20)).records).toEqual([rec(2), rec(4), rec(5), rec(6)]);
    expect(spool.bytes).toBe(statSync(spool.file).size);
  });

  it("re-sends a batch when the crash came between the server's acknowledgement and the removal", async () => {
    const dir = freshDir();
    const spool = new Spool(dir, { maxBytes: 1 << 20 });
    spool.open();
    await spool.append([rec(1), rec(2)]);
    await spool.peek(10, 1 << 20); // uploaded and acknowledged... then killed before remove()
    // A compaction the crash interrupted leaves a temporary file; the spool itself is intact.
    writeFileSync(join(dir, "spool.jsonl.tmp"), JSON.stringify(rec(2)) + "\n");
    const restarted = new Spool(dir, { maxBytes: 1 << 20 });
    restarted.open();
    expect((await restarted.peek(10, 1 << 20)).records).toEqual([rec(1), rec(2)]);
    expect(() => statSync(join(dir, "spool.jsonl.tmp"))).toThrow();
  });

  it("limits batches by records and bytes and reads multi-byte text across chunk edges", async () => {
    const dir = freshDir();
    const spool = new Spool(dir, { maxBytes: 8 << 20 });
    spool.open();
    const wide = Array.from({ length: 40 }, (_, i) => rec(i, "жё😀".repeat(3000 + i)));
    await spool.append(wide);
    const byCount = await spool.peek(5, 8 << 20);
    expect(byCount.records).toEqual(wide.slice(0, 5));
    const byBytes = await spool.peek(100, 50_000);
    expect(byBytes.records.length).toBeGreaterThan(0);
    expect(byBytes.records.length).toBeLessThan(5);
    expect(byBytes.records).toEqual(wide.slice(0, byBytes.records.length));
    const all = await spool.peek(100, 8 << 20);
    expect(all.records).toEqual(wide);
  });

  it("refuses a round that would exceed the size cap, whole", async () => {
    const dir = freshDir();
    const spool = new Spool(dir, { maxBytes: 200 });
    spool.open();
    await spool.append([rec(1)]);
    await expect(spool.append([rec(2), rec(3), rec(4)])).rejects.toBeInstanceOf(SpoolFullError);
    expect(spool.count).toBe(1);
    expect((await spool.peek(10, 1 << 20)).records).toEqual([rec(1)]);
  });
});
