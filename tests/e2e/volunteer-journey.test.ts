// The volunteer's whole journey through `npm start`'s server in Chromium: create a key,
// register a probe, copy the install command with the page's button and run it verbatim
// (sh, a temporary home directory, systemd absent: the probe runs in the foreground) against
// the local site and the censorship lab; the page turns "your probe is live" and links to
// the probe's page, which shows the first round. Stopping the probe makes it offline after
// three intervals, and the offline notice reaches a webhook receiver on 127.0.0.1.
// Screenshots at 1280 and 390 px, light and dark, under test-results/; no sideways scroll
// at 360 px.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildIfNeeded } from "../../scripts/lib/build";
import { chromiumAvailable, launchChromium } from "../helpers/browser";
import { startSite, type RunningServer } from "../helpers/server";
import { siteStoreCases, type SiteStore } from "../helpers/site-stores";
import { startLabProcess, type LabHandle } from "../lab/lab-process";

const hasChromium = chromiumAvailable();
const OPERATOR = "operator-token-0123456789abcdef";
const INTERVAL_S = 3;
const SHOTS = "test-results";

async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs: number): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Screenshots of `url` at 1280 and 390 px, light and dark; and no horizontal scroll at 360 px. */
async function shoot(browser: Browser, url: string, name: string): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    for (const width of [1280, 390, 360]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme });
      await context.addCookies([{ name: "theme", value: theme, url }]);
      const page = await context.newPage();
      await page.goto(url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ name, width, theme, overflow }).toEqual({ name, width, theme, overflow: 0 });
      if (width !== 360) await page.screenshot({ path: path.join(SHOTS, `volunteer-${name}-${width}-${theme}.png`), fullPage: true });
      await context.close();
    }
  }
}

describe.skipIf(!hasChromium).sequential("a volunteer's journey through npm start", () => {
  let browser: Browser;
  let lab: LabHandle;
  let store: SiteStore;
  let site: RunningServer;
  let work: string;
  let probe: ChildProcess | undefined;
  let probeOutput = "";
  const notices: { probe_id: string; kind: string }[] = [];
  let hook: http.Server;

  beforeAll(async () => {
    buildIfNeeded();
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    lab = await startLabProcess();
    await lab.apply(lab.layout.healthyPlan());
    hook = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        notices.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    [store] = [await siteStoreCases()[0].prepare()];
    site = await startSite({
      ...store.env,
      VANTAGE_OPERATOR_TOKEN: OPERATOR,
      VANTAGE_NOTIFY_WEBHOOK: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/notices`,
      VANTAGE_PROBE_MIN_INTERVAL_S: String(INTERVAL_S),
    });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "vantage-journey-"));
  }, 900_000);

  afterAll(async () => {
    if (probe?.pid && probe.exitCode === null && probe.signalCode === null) {
      try {
        process.kill(-probe.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
    await site?.stop();
    if (site) fs.writeFileSync(path.join(SHOTS, "volunteer-journey-site.log"), site.output());
    if (probeOutput) fs.writeFileSync(path.join(SHOTS, "volunteer-journey-probe.log"), probeOutput);
    await store?.cleanup();
    await lab?.stop();
    await browser?.close();
    hook?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("registers, installs with the copied command, turns live, shows the round, and goes offline with a notice", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.url });
    const page: Page = await context.newPage();
    await page.goto(`${site.url}/probes/new`);
    await page.getByRole("button", { name: "Create a key" }).click();
    const key = (await page.getByTestId("owner-key").textContent())!;
    expect(key).toMatch(/^vok_/);
    await page.getByLabel("Name", { exact: true }).fill("Journey probe");
    await page.getByLabel("Country (two letters)").fill("RU");
    await page.getByLabel("Region (coarse, optional)").fill("Moscow");
    await page.getByLabel("ASN (your provider's network number)").fill("64500");
    await page.getByTestId("interval").selectOption(String(INTERVAL_S));
    await page.getByRole("button", { name: "Register the probe" }).click();
    const shown = (await page.getByTestId("install-command").textContent())!;
    const sha = (await page.getByTestId("bundle-sha256").textContent())!;
    expect(shown).toContain(`echo "${sha}  $HOME/vantage-probe.tar.gz" | sha256sum -c -`);
    await page.getByTestId("copy-command").click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);
    await page.screenshot({ path: path.join(SHOTS, "volunteer-new-waiting-1280-light.png"), fullPage: true });

    // The command as copied, in a fresh home, without systemd; the engine pointed at the lab.
    const home = path.join(work, "home");
    fs.mkdirSync(home);
    const engine = lab.layout.probeConfig(lab.layout.healthyPlan(), lab.endpoints, { stateFile: path.join(work, "tp.json") }) as { throughput: Record<string, unknown> };
    engine.throughput.enabled = false;
    fs.writeFileSync(path.join(work, "lab.json"), JSON.stringify(engine));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, VANTAGE_PROBE_NO_SYSTEMD: "1", VANTAGE_PROBE_CONFIG: path.join(work, "lab.json") };
    delete env.VANTAGE_PROBE_DIR;
    delete env.NODE_OPTIONS;
    probe = spawn("sh", ["-c", copied], { cwd: home, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    probe.stdout!.on("data", (d) => (probeOutput += d));
    probe.stderr!.on("data", (d) => (probeOutput += d));

    // The page turns live by itself and links to the probe's page.
    await page.getByTestId("probe-live").waitFor({ timeout: 120_000 });
    expect(probeOutput).toContain("vantage-probe.tar.gz: OK");
    expect(probeOutput).toContain("runs in the foreground");
    await page.screenshot({ path: path.join(SHOTS, "volunteer-new-live-1280-light.png"), fullPage: true });
    await page.getByRole("link", { name: "Open its page" }).click();
    await page.waitForURL(/\/probes\/prb_/);
    const probeUrl = page.url();
    expect(probeUrl).not.toContain(key);
    expect(Number(await page.getByTestId("probe-total").textContent())).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId("probe-state").textContent()).resolves.toBe("online");
    const activity = page.getByTestId("probe-activity");
    expect(Number(await activity.locator("tr", { hasText: "Rounds" }).locator("td").first().textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await activity.locator("tr", { hasText: "Uploads" }).locator("td").first().textContent())).toBeGreaterThanOrEqual(1);
    await shoot(browser, probeUrl, "probe");
    await shoot(browser, `${site.url}/probes/new`, "new");
    await shoot(browser, `${probeUrl}?lang=ru`, "probe-ru");

    // Stop the probe; after three silent intervals it is offline and the owner is told once.
    process.kill(-probe.pid!, "SIGTERM");
    await waitFor("the probe to stop", () => probe!.exitCode !== null || probe!.signalCode !== null, 30_000);
    await new Promise((r) => setTimeout(r, (3 * INTERVAL_S + 2) * 1000));
    const sent = await fetch(`${site.url}/api/v1/probes/notify-offline`, { method: "POST", headers: { authorization: `Bearer ${OPERATOR}` } });
    expect(sent.status).toBe(200);
    const probeId = probeUrl.split("/").pop()!;
    await waitFor("the webhook notice", () => notices.find((n) => n.probe_id === probeId), 30_000);
    expect(notices.filter((n) => n.probe_id === probeId)).toHaveLength(1);
    await page.reload();
    await expect(page.getByTestId("probe-state").textContent()).resolves.toMatch(/^offline/);
    await expect(page.getByTestId("probe-notices").textContent()).resolves.toBe("1");
    await page.screenshot({ path: path.join(SHOTS, "volunteer-probe-offline-1280-light.png"), fullPage: true });
    await context.close();
  }, 900_000);
});
