// The transparent-middlebox case on its own (it is also a row of the full matrix): a
// network whose resolvers answer NXDOMAIN for every name and whose middlebox answers every
// TCP connection with an empty 404 within milliseconds. No service may come out ok: before
// 2026.12.02 Telegram did, on data centres that "answered".
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
    // The data centres did answer (the middlebox's 404), so this is the case the issue describes.
    expect(telegram.verdict!.targets.filter((t) => t.target.startsWith("telegram.dc.") && t.verdict === "ok").length).toBeGreaterThan(0);
    expect(records.every((r) => r.verdict!.status !== "ok")).toBe(true);
  });
});
