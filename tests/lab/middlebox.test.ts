// The transparent-middlebox case on its own (it is also a row of the full matrix): a
// network whose resolvers answer NXDOMAIN for every name and whose middlebox answers every
// TCP connection with an empty 404 within milliseconds. No service may come out ok: before
// 2026.12.02 Telegram did, on data centres that "answered". And the same box on a network
// that otherwise works (controls up, true DNS answers): the data centres' empty 404s are
// what the real ones send, but no probe is within 2 ms of Amsterdam, Miami and Singapore at
// once (H5, 2026.12.02-2); the healthy stand-ins answer after the round trip from Moscow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabHandle, startLabProcess } from "./lab-process";
import { formatMatrix, runCase } from "./run-case";
import { TECHNIQUES_MATRIX } from "./techniques";

let lab: LabHandle;
beforeAll(async () => {
  lab = await startLabProcess();
});
afterAll(async () => {
  await lab?.stop();
});

describe("censorship lab: transparent middlebox", () => {
  it("judges no service ok on answers a middlebox gave", async () => {
    const technique = TECHNIQUES_MATRIX.find((t) => t.id === "middlebox.nxdomain_empty_404")!;
    const { rows, records } = await runCase(lab, technique);
    console.log(`\n${formatMatrix(rows)}\n`);
    expect(rows.filter((r) => !r.ok).map((r) => `${r.service}: expected ${r.expected}, got ${r.got}`)).toEqual([]);
    const telegram = records.find((r) => r.service === "telegram")!;
    // The data centres did answer (the middlebox's 404), so this is the case the issue
    // describes; since 2026.12.02-2 their answers are marked as a middlebox's too (H5).
    const dcs = telegram.targets.filter((t) => t.id.startsWith("telegram.dc."));
    expect(dcs.map((t) => t.stages.http?.status)).toEqual(dcs.map(() => 404));
    expect(telegram.verdict!.targets.filter((t) => t.target.startsWith("telegram.dc.")).every((t) => t.rule === "H5")).toBe(true);
    expect(records.every((r) => r.verdict!.status !== "ok")).toBe(true);
  });

  it("judges the data centres' answers a middlebox's by their timing when the network otherwise works", async () => {
    const technique = TECHNIQUES_MATRIX.find((t) => t.id === "middlebox.service_addresses_404")!;
    const { rows, records } = await runCase(lab, technique);
    console.log(`\n${formatMatrix(rows)}\n`);
    expect(rows.filter((r) => !r.ok).map((r) => `${r.service}: expected ${r.expected}, got ${r.got}`)).toEqual([]);
    const telegram = records.find((r) => r.service === "telegram")!;
    const dcs = telegram.verdict!.targets.filter((t) => t.target.startsWith("telegram.dc."));
    expect(dcs.map((t) => `${t.rule} ${t.detail}`)).toEqual(dcs.map(() => "H5 faster_than_distance"));
    expect(records.every((r) => r.verdict!.status !== "ok")).toBe(true);
  });

  it("the healthy data centres, answering from their sites' distances, stay ok", async () => {
    const { rows, records } = await runCase(lab, TECHNIQUES_MATRIX.find((t) => t.id === "healthy")!);
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    const telegram = records.find((r) => r.service === "telegram")!;
    const answers = telegram.targets.filter((t) => t.id.startsWith("telegram.dc.")).map((t) => t.stages.http!.ttfb_ms!);
    // Amsterdam's nearest answer and Singapore's both arrived, and took their time.
    expect(Math.min(...answers)).toBeGreaterThanOrEqual(25);
  });
});

