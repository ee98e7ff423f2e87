// The volunteer's probe as installed from a bundle, against a real HTTP server in front of
// the API's route handlers and the censorship lab: the install command the API hands out,
// run verbatim by `sh` in an empty home directory without systemd, enrolls and starts the
// probe in the foreground; every hint it prints runs as printed. Then a newer bundle is
// published and the running probe updates itself (SHA-256 checked), keeping its spool and
// its credential and reporting the new version in its heartbeat; a bundle published with a
// wrong hash is refused and the running version goes on.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resetUploadLimiter } from "../../app/api/v1/probes/_lib/limits";
import { manifestFileOf } from "../../lib/volunteers/bundle-manifest";
import { buildBundle } from "../../probes/bundle/build";
import { useDaemonHarness } from "../helpers/daemon-harness";
import { api, startApiServer } from "../helpers/volunteer-api";

const ENV_KEYS = ["VANTAGE_PROBE_BUNDLE", "VANTAGE_PROBE_MIN_INTERVAL_S", "VANTAGE_UPLOAD_BURST", "VANTAGE_UPLOAD_PER_MINUTE"];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs: number): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("probe install and self-update", () => {
  const h = useDaemonHarness("vantage-install-");
  let probe: ChildProcess | undefined;
  let output = "";
  afterAll(async () => {
    if (probe && probe.exitCode === null) {
      probe.kill("SIGTERM");
      await new Promise((r) => probe!.once("exit", r));
    }
    for (const k of ENV_KEYS) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    resetUploadLimiter();
  });

  it("installs with the command as handed out, runs its hints, updates itself, and refuses a wrong hash", async () => {
    const bundleFile = join(h.work, "published", "vantage-probe.tar.gz");
    mkdirSync(join(h.work, "published"));
    process.env.VANTAGE_PROBE_BUNDLE = bundleFile;
    process.env.VANTAGE_PROBE_MIN_INTERVAL_S = "2";
    const first = await buildBundle(bundleFile, { version: "0.1.0" });
    const server = await startApiServer();
    try {
      const account = await api("POST", "/api/v1/probes/accounts", { body: {} });
      const reg = await api("POST", "/api/v1/probes", {
        auth: account.body.key,
        body: { name: "installed probe", country: "RU", asn: 64500, network_type: "mobile", interval_s: 2 },
      });
      expect(reg.status).toBe(201);
      expect(reg.body.bundle_sha256).toBe(first.manifest.sha256);
      expect(reg.body.install_command).toContain(first.manifest.sha256);
      const probeId: string = reg.body.probe_id;
      const command = (reg.body.install_command as string).replaceAll("http://vantage.test", server.url);

      const plan = h.lab.layout.healthyPlan();
      await h.lab.apply(plan);
      const engine = h.lab.layout.probeConfig(plan, h.lab.endpoints, { stateFile: join(h.work, "tp.json") }) as { throughput: Record<string, unknown> };
      engine.throughput.enabled = false;
      const config = join(h.work, "lab.json");
      writeFileSync(config, JSON.stringify(engine));
      const home = join(h.work, "home");
      mkdirSync(home);
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, VANTAGE_PROBE_CONFIG: config, VANTAGE_PROBE_NO_SYSTEMD: "1" };
      delete env.VANTAGE_PROBE_DIR;
      delete env.NODE_OPTIONS;

      // The command exactly as handed out; it stays in the foreground, running the probe.
      probe = spawn("sh", ["-c", command], { cwd: home, env, stdio: ["ignore", "pipe", "pipe"] });
      probe.stdout!.on("data", (d) => (output += d));
      probe.stderr!.on("data", (d) => (output += d));
      await waitFor("the install to say it runs in the foreground", () => output.includes("runs in the foreground"), 60_000);
      expect(output).toContain("vantage-probe.tar.gz: OK");
      expect(output).toContain(`enrolled as probe ${probeId}`);
      expect(output).toContain(`state: ${join(home, ".vantage-probe")}`);
      const stateFile = join(home, ".vantage-probe", "state.json");
      const credential = JSON.parse(readFileSync(stateFile, "utf8")).credential;

      await waitFor("the first round stored", async () => (await h.store.prisma.measurement.count({ where: { probe_id: probeId } })) >= 3, 60_000);
      const heartbeat = async (version: string) => {
        const p = await h.store.prisma.probe.findUnique({ where: { id: probeId } });
        return p?.last_queued !== null && p?.software_version === version;
      };
      await waitFor("a heartbeat from 0.1.0", () => heartbeat("0.1.0"), 30_000);
      await waitFor("the daemon's status file", () => existsSync(join(home, ".vantage-probe", "status.json")), 30_000);

      // Every hint runs as printed (but `run`, which would start a second probe, and `uninstall`, at the end).
      const hints = [...output.matchAll(/^ {2}\$ (.+)$/gm)].map((m) => m[1]);
      expect(hints.length).toBeGreaterThanOrEqual(4);
      for (const hint of hints.filter((c) => !/ (run|uninstall)$/.test(c))) {
        const r = spawnSync("sh", ["-c", hint], { cwd: home, env, encoding: "utf8", timeout: 60_000 });
        expect({ hint, status: r.status, stderr: r.stderr }).toEqual({ hint, status: 0, stderr: "" });
        if (hint.endsWith(" status")) expect(r.stdout).toMatch(/last round: 20\d\d-.*\nnext round: 20\d\d-/);
      }

      // Hold uploads back (429) so the spool has something in it when the update comes.
      process.env.VANTAGE_UPLOAD_BURST = "1";
      process.env.VANTAGE_UPLOAD_PER_MINUTE = "1";
      resetUploadLimiter();
      const spoolFile = join(home, ".vantage-probe", "spool.jsonl");
      const spooled = () => (existsSync(spoolFile) ? readFileSync(spoolFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l).id as string) : []);
      const held = await waitFor("records held in the spool", () => (spooled().length >= 3 ? spooled() : null), 60_000);

      // A newer bundle published: the running probe updates itself.
      const second = await buildBundle(bundleFile, { version: "0.2.0" });
      await waitFor("a heartbeat from 0.2.0", () => heartbeat("0.2.0"), 90_000);
      expect(output).toMatch(/update: installed 0\.2\.0 \(SHA-256 checked\)/);
      expect(existsSync(join(home, "vantage-probe", "probe.mjs.previous"))).toBe(true);
      expect(JSON.parse(readFileSync(stateFile, "utf8")).credential).toBe(credential);
      // The spool survived the restart: uploads flow again and every held record is stored.
      delete process.env.VANTAGE_UPLOAD_BURST;
      delete process.env.VANTAGE_UPLOAD_PER_MINUTE;
      resetUploadLimiter();
      await waitFor("every held record stored", async () => (await h.store.prisma.measurement.count({ where: { id: { in: held } } })) === held.length, 60_000);

      // A bundle published under a wrong hash is refused; 0.2.0 keeps running and measuring.
      await buildBundle(bundleFile, { version: "0.3.0" });
      const manifest = JSON.parse(readFileSync(manifestFileOf(bundleFile), "utf8"));
      writeFileSync(manifestFileOf(bundleFile), JSON.stringify({ ...manifest, sha256: "0".repeat(64) }));
      await waitFor("the refusal", () => /update: 0\.3\.0 refused \(the download's SHA-256 is [0-9a-f]{64}, the server published 0{64}\); keeping 0\.2\.0/.test(output), 60_000);
      const before = await h.store.prisma.measurement.count({ where: { probe_id: probeId } });
      await waitFor("rounds after the refusal", async () => (await h.store.prisma.measurement.count({ where: { probe_id: probeId } })) >= before + 3, 60_000);
      expect((await h.store.prisma.probe.findUnique({ where: { id: probeId } }))?.software_version).toBe("0.2.0");
      expect(probe.exitCode).toBeNull();
      expect(second.manifest.version).toBe("0.2.0");
      expect(spawnSync("node", [join(home, "vantage-probe", "probe.mjs"), "version"], { encoding: "utf8" }).stdout.trim()).toBe("0.2.0");

      // Uninstall as printed, answering yes: the foreground probe stops, program and state go.
      const uninstall = hints.find((c) => c.endsWith(" uninstall"))!;
      const r = spawnSync("sh", ["-c", `echo y | ${uninstall}`], { cwd: home, env, encoding: "utf8", timeout: 60_000 });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("removed");
      await waitFor("the foreground probe to stop", () => probe!.exitCode !== null, 30_000);
      expect(existsSync(join(home, ".vantage-probe"))).toBe(false);
      expect(existsSync(join(home, "vantage-probe"))).toBe(false);
    } finally {
      await server.stop();
    }
  }, 600_000);
});
