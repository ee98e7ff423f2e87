// The worker pool that the importer and the upload API share: answers, errors thrown by a
// task, a worker dying mid-task, and that shaping an upload in a worker gives exactly what
// the route's own thread gives.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createWorkerPool, WorkerTaskError } from "../../lib/workers/pool";
import { shapeUpload, type UploadContext, type UploadShaping } from "../../lib/ingest/upload";
import type { UploadTask } from "../../lib/server/upload-worker";
import type { TestTask } from "../fixtures/workers/test-worker";
import { okRecord } from "./fixtures/records";

const TEST_WORKER = path.resolve("tests/fixtures/workers/test-worker.ts");
const UPLOAD_WORKER = path.resolve("lib/server/upload-worker.ts");

describe("createWorkerPool", () => {
  const deaths: unknown[] = [];
  const pool = createWorkerPool<TestTask, number>(TEST_WORKER, 2, { onWorkerDied: (e) => deaths.push(e) });
  afterAll(() => pool.close());

  it("answers every task, spread over its workers", async () => {
    const inputs = Array.from({ length: 50 }, (_, i) => i);
    expect(await Promise.all(inputs.map((i) => pool.run({ double: i })))).toEqual(inputs.map((i) => i * 2));
  });

  it("rejects a task that throws with the worker's error, and goes on", async () => {
    const error = await pool.run({ throw: "no such thing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerTaskError);
    expect(error).toMatchObject({ message: "no such thing", causeName: "RangeError" });
    expect(await pool.run({ double: 4 })).toBe(8);
  });

  it("fails the tasks of a worker that dies, replaces it, and serves the next tasks", async () => {
    await expect(pool.run({ exit: 3 })).rejects.toThrow(/exited with code 3/);
    expect(deaths.map((e) => (e as Error).message)).toEqual([expect.stringMatching(/exited with code 3/)]);
    expect(await Promise.all([pool.run({ double: 1 }), pool.run({ double: 2 }), pool.run({ double: 3 })])).toEqual([2, 4, 6]);
  });

  it("fails each task with the error of a module that cannot load, without restarting it in a loop", async () => {
    const broken = createWorkerPool<number, number>(path.resolve("tests/fixtures/workers/broken-worker.ts"), 1);
    try {
      await expect(broken.run(1)).rejects.toThrow("this worker module is broken");
      await expect(broken.run(2)).rejects.toThrow("this worker module is broken");
    } finally {
      await broken.close();
    }
  });

  it("refuses a missing worker module and a pool without workers", () => {
    expect(() => createWorkerPool("/nonexistent/worker.ts", 1)).toThrow(/worker module \/nonexistent\/worker.ts is missing/);
    expect(() => createWorkerPool(TEST_WORKER, 0)).toThrow(/at least one worker/);
  });
});

describe("shapeUpload in a worker", () => {
  const pool = createWorkerPool<UploadTask, UploadShaping>(UPLOAD_WORKER, 1);
  afterAll(() => pool.close());
  const ctx: UploadContext = {
    maxRecords: 3,
    probe: { id: "p1", ownerId: "o1", country: "RU", asn: 12389, region: null, networkType: "fixed" },
    receivedAt: new Date("2026-03-08T12:00:00Z"),
    extraFlags: ["asn_mismatch"],
  };
  const rec = (i: number) => okRecord("whatsapp", { throughput: true }, { started_at: new Date(Date.parse("2026-03-08T11:00:00Z") + i * 1000).toISOString() });
  const bad = { ...rec(9), targets: [{ ...rec(9).targets[0], port: "443" }] };
  const bodies = {
    valid: JSON.stringify({ records: [rec(1), rec(2)] }),
    invalid: JSON.stringify({ records: [rec(1), bad] }),
    tooMany: JSON.stringify({ records: [rec(1), rec(2), rec(3), rec(4)] }),
    notJson: '{"records": [',
  };

  for (const [name, text] of Object.entries(bodies)) {
    it(`gives what the route's own thread gives: ${name}`, async () => {
      const inThread = shapeUpload(text, ctx);
      expect(await pool.run({ text, ctx })).toEqual(inThread);
      if (name === "valid") expect(inThread).toMatchObject({ ok: true });
      else expect(inThread).toMatchObject({ ok: false, status: name === "tooMany" ? 413 : 400 });
    });
  }
});
