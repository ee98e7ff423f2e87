// Throughput rules P1-P3 on targets built from byte-over-time samples.
import { describe, expect, it } from "vitest";
import type { TargetResult, Transfer } from "../../lib/measurement/schema";
import { scoreTarget, summariseRate, findStall, VERDICT_CONSTANTS as C } from "../../lib/verdict";
import { controlTransfer, dnsAnswer, tcp, throughput, tls, transfer } from "./fixtures/records";

const URL_ = "https://web.whatsapp.com/serviceworker.js";
const IP = "157.240.20.1";

function thrTarget(stage: ReturnType<typeof throughput>): TargetResult {
  return {
    id: "whatsapp.throughput.web",
    component: "throughput",
    host: "web.whatsapp.com",
    port: 443,
    stages: { dns: dnsAnswer([IP]), tcp: tcp(IP, 443), tls: tls(IP, "web.whatsapp.com"), throughput: stage },
  };
}
const score = (stage: ReturnType<typeof throughput>, baselines?: Record<string, number>) => scoreTarget("whatsapp", thrTarget(stage), { baselines });

describe("rate summary", () => {
  it("measures from the first body byte, per RATE_WINDOW_MS window", () => {
    const t = transfer(URL_, { kbps: 160, capMs: 10_000, ttfbMs: 2_000, totalBytes: 256 * 1024 });
    const r = summariseRate(t);
    expect(r.meanKbps).toBeGreaterThan(150);
    expect(r.meanKbps).toBeLessThan(170);
    expect(r.windowKbps.length).toBe(7); // 2.25 s .. 10 s
    expect(r.cv).toBeLessThan(0.05);
  });
});

describe("P1 stall", () => {
  const stalled = (stopAt: number, control: Transfer | null = controlTransfer(8000)) =>
    throughput(transfer(URL_, { kbps: 4000, stopAt, capMs: 10_000 }), control);

  it("bytes stop for >= 5 s after 14-24 KiB while the control completes -> stalled", () => {
    for (const stopAt of [C.STALL_MIN_BYTES, 16 * 1024, C.STALL_MAX_BYTES]) {
      const v = score(stalled(stopAt));
      expect(v, `stop at ${stopAt}`).toMatchObject({ verdict: "stalled", grade: "anomaly", rule: "P1", stage: "throughput" });
    }
  });

  it("the silence is computed from the samples: 4.75 s is not enough, 5 s is", () => {
    // 16 KiB at t=100 ms, then nothing; the transfer ends (probe cap) at 4850 ms or 5100 ms.
    const at = (endMs: number): Transfer => ({
      url: URL_, bytes: 16384, expected_bytes: 131072, t_ms: endMs, complete: false, failure: "generic_timeout_error",
      samples: [[0, 0], [100, 16384]],
    });
    expect(findStall(at(4_850))).toBeNull();
    expect(findStall(at(5_100))).toEqual({ atBytes: 16384, atMs: 100, silenceMs: 5_000 });
  });

  it("a stall outside the 14-24 KiB window is not P1, and not ok either (error)", () => {
    for (const stopAt of [C.STALL_MIN_BYTES - 1, C.STALL_MAX_BYTES + 1, 40 * 1024]) {
      expect(score(stalled(stopAt)), `stop at ${stopAt}`).toMatchObject({ verdict: "error", rule: null, detail: "silence_outside_window" });
    }
  });

  it("needs the control object to complete; otherwise the stall cannot be attributed", () => {
    expect(score(stalled(16 * 1024, null))).toMatchObject({ verdict: "error", detail: "control_failed" });
    const brokenControl = { ...controlTransfer(8000), complete: false, failure: "connection_reset" as const };
    expect(score(stalled(16 * 1024, brokenControl))).toMatchObject({ verdict: "error", detail: "control_failed" });
  });

  it("an object smaller than the window that arrived whole is never a stall, even if the connection lingers", () => {
    const small: Transfer = {
      url: URL_, bytes: 12_000, expected_bytes: 12_000, t_ms: 9_000, complete: false, failure: "generic_timeout_error",
      samples: [[0, 0], [150, 12_000]],
    };
    expect(score(throughput(small, controlTransfer(8000)))).toMatchObject({ verdict: "ok" });
    // Announced 20 KiB, all 20 KiB arrived: inside the byte window, but nothing was held back.
    const whole: Transfer = { ...small, bytes: 20_480, expected_bytes: 20_480, samples: [[0, 0], [150, 20_480]] };
    expect(findStall(whole)).toBeNull();
  });

  it("a control object larger than the probe's cap counts as completed when it reached the cap", () => {
    const capped = { ...controlTransfer(8000), complete: false, bytes: C.THROUGHPUT_CAP_BYTES };
    expect(score(stalled(16 * 1024, capped))).toMatchObject({ verdict: "stalled", rule: "P1" });
  });
});

describe("P2 throttled", () => {
  it("steady rate at or below 200 kbit/s with low variance while the control is normal", () => {
    const v = score(throughput(transfer(URL_, { kbps: 150 }), controlTransfer(8000)));
    expect(v).toMatchObject({ verdict: "throttled", grade: "anomaly", rule: "P2", stage: "throughput" });
  });

  it("a slow but jittery rate (CV above STEADY_RATE_MAX_CV) is not a policer", () => {
    const jitter = (i: number) => (i % 8 < 4 ? 0.3 : 1.7);
    const t = transfer(URL_, { kbps: 150, jitter });
    expect(summariseRate(t).cv).toBeGreaterThan(C.STEADY_RATE_MAX_CV);
    expect(score(throughput(t, controlTransfer(8000)))).toMatchObject({ verdict: "ok", rule: "OK" });
  });

  it("a steady rate just above the ceiling is not P2 without a baseline", () => {
    expect(score(throughput(transfer(URL_, { kbps: 260 }), controlTransfer(8000))).verdict).toBe("ok");
  });

  it("below 0.25 of the probe's own baseline while the control is normal", () => {
    const stage = throughput(transfer(URL_, { kbps: 1000 }), controlTransfer(8000), 8000);
    expect(score(stage)).toMatchObject({ verdict: "throttled", rule: "P2" });
    // The server's baseline overrides the record's: 1000 is not below 0.25 * 3000.
    expect(score(stage, { "whatsapp.throughput.web": 3000 })).toMatchObject({ verdict: "ok" });
    // ...and it can also supply one the record lacks.
    const noBaseline = throughput(transfer(URL_, { kbps: 1000 }), controlTransfer(8000), null);
    expect(score(noBaseline, { "whatsapp.throughput.web": 8000 })).toMatchObject({ verdict: "throttled", rule: "P2" });
  });

  it("without a control object a slow rate is not attributed (error), never throttled", () => {
    expect(score(throughput(transfer(URL_, { kbps: 150 }), null))).toMatchObject({ verdict: "error", detail: "control_failed" });
  });

  it("a fast transfer is ok even with no control object", () => {
    expect(score(throughput(transfer(URL_, { kbps: 8000 }), null))).toMatchObject({ verdict: "ok", rule: "OK" });
  });
});

describe("P3 congestion", () => {
  it("target and control equally slow -> ok (congestion)", () => {
    expect(score(throughput(transfer(URL_, { kbps: 150 }), controlTransfer(250)))).toMatchObject({ verdict: "ok", rule: "P3" });
  });

  it("a control object itself at policer speed says the path is slow: ok (P3), not throttled", () => {
    expect(score(throughput(transfer(URL_, { kbps: 60 }), controlTransfer(180)))).toMatchObject({ verdict: "ok", rule: "P3" });
  });

  it("the ratio boundary: target at CONGESTION_RATIO_MIN of the control is congestion, just below is P2", () => {
    const control = controlTransfer(300);
    const controlRate = summariseRate(control).meanKbps!;
    const at = (kbps: number) => score(throughput(transfer(URL_, { kbps }), control)).rule;
    expect(at(Math.ceil(controlRate * C.CONGESTION_RATIO_MIN) + 1)).toBe("P3");
    expect(at(Math.floor(controlRate * C.CONGESTION_RATIO_MIN) - 5)).toBe("P2");
  });
});
