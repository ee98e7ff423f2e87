// The pure parts of volunteering in one step: version order and the update decision, the
// settings bounds, the one refusal message, the CLI's new commands and flags, and the
// commands and unit the probe prints and writes.
import { describe, expect, it } from "vitest";
import { translator } from "../../lib/i18n";
import { compareVersions } from "../../lib/volunteers/bundle-manifest";
import { refusalText } from "../../lib/volunteers/refusal";
import { settingsOutsideBounds } from "../../lib/volunteers/settings";
import { parseVolunteerArgs } from "../../probes/daemon/args";
import { probeCommand, shellWord, userUnit } from "../../probes/daemon/service";
import { decideUpdate } from "../../probes/daemon/update";

const SHA = "a".repeat(64);
const published = (version: string, sha256 = SHA) => ({ version, sha256, url: `/api/v1/probes/bundle?sha256=${sha256}` });

describe("versions and the update decision", () => {
  it("orders versions by number, a pre-release before its release", () => {
    expect(compareVersions("0.2.0", "0.1.9")).toBeGreaterThan(0);
    expect(compareVersions("0.10.0", "0.9.0")).toBeGreaterThan(0);
    expect(compareVersions("1.0", "1.0.0")).toBe(0);
    expect(compareVersions("0.2.0-rc1", "0.2.0")).toBeLessThan(0);
    expect(compareVersions("0.2.0-rc2", "0.2.0-rc1")).toBeGreaterThan(0);
  });
  it("updates only to a newer, unrefused version, or towards a pin", () => {
    expect(decideUpdate("0.1.0", null, null, {})).toEqual({ update: false, why: "the server publishes no probe version" });
    expect(decideUpdate("0.1.0", published("0.2.0"), null, {})).toEqual({ update: true, to: published("0.2.0") });
    expect(decideUpdate("0.2.0", published("0.2.0"), null, {})).toMatchObject({ update: false, why: "0.2.0 is current" });
    expect(decideUpdate("0.2.0", published("0.1.0"), null, {})).toMatchObject({ update: false });
    expect(decideUpdate("0.1.0", published("0.2.0"), null, { [SHA]: "wrong hash" })).toEqual({ update: false, why: "0.2.0 was refused: wrong hash" });
    expect(decideUpdate("0.1.0", published("0.2.0", "b".repeat(64)), null, { [SHA]: "wrong hash" })).toMatchObject({ update: true });
    // Pinned: stays, or moves only to the pin (even backwards).
    expect(decideUpdate("0.1.0", published("0.2.0"), "0.1.0", {})).toEqual({ update: false, why: "pinned to 0.1.0" });
    expect(decideUpdate("0.3.0", published("0.2.0"), "0.2.0", {})).toMatchObject({ update: true });
    expect(decideUpdate("0.1.0", published("0.3.0"), "0.2.0", {})).toMatchObject({ update: false, why: "pinned to 0.2.0; the server publishes 0.3.0" });
  });
});

describe("probe settings and refusals", () => {
  const bounds = { interval: { min: 300, max: 3600 }, dailyBudget: { min: 1000, max: 5000 } };
  it("names each setting outside the server's bounds", () => {
    expect(settingsOutsideBounds({ interval_s: 600, daily_budget_bytes: null }, bounds)).toEqual([]);
    expect(settingsOutsideBounds({ interval_s: 60, daily_budget_bytes: 9000 }, bounds)).toEqual([
      { path: "interval_s", message: "expected 300 to 3600 seconds, got 60" },
      { path: "daily_budget_bytes", message: "expected 1000 to 5000 bytes a day, got 9000" },
    ]);
  });
  it("says a refusal once, with when to retry in UTC", () => {
    const now = new Date("2026-12-02T10:00:00Z");
    const t = translator("en");
    expect(refusalText(t, 429, { error: "this account has registered 5 probes today", issues: [], retry_after_s: 50_400 }, now, "en")).toBe(
      "this account has registered 5 probes today. Try again after 3 Dec 2026, 00:00 UTC (in 14 h 0 min).",
    );
    expect(refusalText(translator("ru"), 429, { error: "x", retry_after_s: 600 }, now, "ru")).toMatch(/^x\. Повторите после .*UTC \(через 10 min\)\.$/);
    const invalid = { error: "invalid request: asn: too small", issues: [{ path: "asn", message: "too small" }, { path: "country", message: "two letters" }] };
    expect(refusalText(t, 400, invalid, now, "en")).toBe("invalid request: asn: too small (country: two letters)");
    expect(refusalText(t, 500, {}, now, "en")).toBe("The server refused the request (500).");
  });
});

describe("the probe's commands", () => {
  it("parses install, run, uninstall and version", () => {
    expect(parseVolunteerArgs(["install", "--server", "https://v.example", "--token", "vet_x", "--state-dir", "/s"])).toEqual({
      ok: true,
      options: { command: "install", stateDir: "/s", server: "https://v.example", token: "vet_x" },
    });
    const run = parseVolunteerArgs(["run", "--state-dir", "/s", "--interval", "5", "--pin-version", "0.2.0"]);
    expect(run).toMatchObject({ ok: true, options: { command: "run", stateDir: "/s", intervalS: 5, pin: "0.2.0", daemonArgs: ["--interval", "5"] } });
    expect(parseVolunteerArgs(["daemon", "--self-update"])).toMatchObject({ ok: true, options: { command: "daemon", selfUpdate: true, pin: null } });
    expect(parseVolunteerArgs(["uninstall", "--yes"])).toMatchObject({ ok: true, options: { command: "uninstall", yes: true } });
    expect(parseVolunteerArgs(["version"])).toEqual({ ok: true, options: { command: "version" } });
    expect(parseVolunteerArgs(["run", "--pin-version", "latest"])).toEqual({ ok: false, error: `--pin-version: expected a version such as 0.2.0, got "latest"` });
    expect(parseVolunteerArgs(["run", "--self-update"])).toEqual({ ok: false, error: `run: unknown flag "--self-update"` });
  });
  it("prints commands a shell runs as printed, and a user unit that runs the supervisor", () => {
    expect(shellWord("/home/v/vantage-probe/probe.mjs")).toBe("/home/v/vantage-probe/probe.mjs");
    expect(shellWord("/home/it's me/p")).toBe(`'/home/it'\\''s me/p'`);
    expect(probeCommand({ file: "/h/vantage-probe/probe.mjs" }, "/tmp/state dir", "status")).toBe("node /h/vantage-probe/probe.mjs status --state-dir '/tmp/state dir'");
    expect(probeCommand({ file: null }, "/tmp/s", "run")).toBe("npm run probe -- run --state-dir /tmp/s");
    const unit = userUnit("/usr/bin/node", "/h/vantage-probe/probe.mjs", "/h/.vantage-probe");
    expect(unit).toContain("ExecStart=/usr/bin/node --max-old-space-size=128 /h/vantage-probe/probe.mjs run --state-dir /h/.vantage-probe\n");
    expect(unit).toContain("WantedBy=default.target");
  });
});
