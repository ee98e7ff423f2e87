// End to end: the explorer in Chromium against `npm start`'s server on a demo store (the
// February 2026 dense window, seeded through ingestMeasurements, events found by the live
// detector, plus one real OONI measurement through the importer). One server for the file.
// Every page of the URL contract at 1280 and 390 px, light and dark, with a screenshot
// under test-results/explorer/; no horizontal scroll at 360 px; axe reports no serious or
// critical violation; a permalink reopens the same view; a bucket click lands on
// measurements that add up to the bucket; events link to measurements; malformed
// parameters give a message, never a 500.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { seedDemo } from "../../lib/demo/seed";
import { importOoni } from "../../lib/ooni/importer";
import { storeSink } from "../../lib/ooni/store-sink";
import { seedKnownAnnotations } from "../../lib/store/annotations";
import { buildIfNeeded } from "../../scripts/lib/build";
import { fixturePath } from "../fixtures/ooni/load";
import { chromiumAvailable, launchChromium } from "../helpers/browser";
import { startSite, type RunningServer } from "../helpers/server";
import { siteStoreCases } from "../helpers/site-stores";

const hasChromium = chromiumAvailable();
const SHOTS = path.join("test-results", "explorer");
// PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise: one server start for the file.
const storeCase = siteStoreCases().at(-1)!;

describe.skipIf(!hasChromium).sequential(`the explorer in a real browser (${storeCase.name})`, () => {
  let browser: Browser;
  let site: RunningServer;
  let cleanup: () => Promise<void> = async () => {};
  let eventIds: string[] = [];
  let measurementId = "";

  beforeAll(async () => {
    buildIfNeeded();
    const prepared = await storeCase.prepare();
    cleanup = prepared.cleanup;
    const store = await prepared.open();
    try {
      await seedKnownAnnotations(store);
      await seedDemo(store, { from: "2026-02-09T12:00:00Z", to: "2026-02-12T00:00:00Z" });
      const imported = await importOoni([fixturePath("whatsapp-blocked.json")], { sink: storeSink(store), workers: 0 });
      expect(imported.imported).toBe(1);
    } finally {
      await store.close(); // PGlite: the site must own the directory alone
    }
    site = await startSite(prepared.env);
    browser = await launchChromium();
    const events = (await (await fetch(`${site.url}/api/v1/events?limit=50`)).json()) as { results: { id: string; scope: string }[] };
    eventIds = events.results.map((e) => e.id);
    const list = (await (await fetch(`${site.url}/api/v1/measurements?limit=1&test_name=whatsapp&probe_asn=12389`)).json()) as { results: { measurement_id: string }[] };
    measurementId = list.results[0].measurement_id;
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 1_200_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await cleanup();
  });

  const pages = () => [
    { path: "/", chart: false },
    { path: "/ru", chart: false },
    { path: "/ru/whatsapp", chart: true },
    { path: "/ru/whatsapp/as12389", chart: true },
    { path: "/ru/telegram/as12389?from=2026-02-09&to=2026-02-11", chart: true },
    { path: "/compare?cc=ru&services=whatsapp,telegram,max", chart: true },
    { path: "/compare?service=telegram&cc=ru,by", chart: true },
    { path: "/events", chart: false },
    { path: `/events/${eventIds[0]}`, chart: true },
    { path: `/measurements/${measurementId}`, chart: false },
    { path: "/measurements?cc=ru&service=whatsapp&grain=day&bucket=2026-02-11T00:00:00.000Z", chart: false },
    { path: "/methodology", chart: false },
    { path: "/data", chart: false },
    { path: "/probes", chart: false },
    { path: "/probes/new", chart: false },
    // Russian (lang=ru): the country page, the timeline, an event page, a measurement, and the two text pages now in lib/i18n.
    { path: "/ru?lang=ru", chart: false },
    { path: "/ru/whatsapp?lang=ru", chart: true },
    { path: `/measurements/${measurementId}?lang=ru`, chart: false },
    { path: `/events/${eventIds[0]}?lang=ru`, chart: true },
    { path: "/methodology?lang=ru", chart: false },
    { path: "/data?lang=ru", chart: false },
  ];

  async function open(path: string, width: number, scheme: "light" | "dark"): Promise<{ page: Page; status: number }> {
    // A context per page: axe needs one it can inject into (browser.newPage has none of its own).
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    page.on("close", () => void context.close());
    const res = await page.goto(`${site.url}${path}`, { waitUntil: "networkidle" });
    return { page, status: res?.status() ?? 0 };
  }

  it("renders every page of the URL contract at 1280 and 390 px, light and dark, with axe finding nothing serious", async () => {
    for (const p of pages()) {
      for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]] as const) {
        const { page, status } = await open(p.path, width, scheme);
        expect(status, p.path).toBe(200);
        if (p.chart) {
          // The server drew the chart: its bars or lines are in the page's HTML, before any script.
          expect(await page.locator('[data-layer="static"] :is(rect.sc-bar, path)').count(), `${p.path}: marks`).toBeGreaterThan(0);
        }
        const name = `${p.path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home"}-${width}-${scheme}.png`;
        // A tall viewport rather than fullPage: fullPage resizes mid-capture and charts redraw blank.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width, height: Math.min(height, 8000) });
        await page.waitForTimeout(500);
        await page.screenshot({ path: path.join(SHOTS, name) });
        if ((width === 1280 && scheme === "light") || (width === 390 && scheme === "dark")) {
          const axe = await new AxeBuilder({ page }).analyze();
          const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
          expect(serious.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`), `${p.path} ${width} ${scheme}`).toEqual([]);
        }
        if (p.chart && scheme === "light") {
          // The reader's first pointer on a chart loads Recharts, which replaces the drawing in place.
          const chart = page.locator(".live-chart").first();
          const before = (await chart.boundingBox())!;
          await chart.hover({ position: { x: before.width / 2, y: 40 } });
          await page.locator('.live-chart[data-live="drawn"]').first().waitFor({ timeout: 20_000 });
          expect(await page.locator(".recharts-bar-rectangle, .recharts-line-curve").count(), `${p.path}: Recharts marks`).toBeGreaterThan(0);
          expect(await page.locator('[data-layer="static"]').count(), `${p.path}: the drawing was replaced`).toBe(0);
          const after = (await chart.boundingBox())!;
          expect(Math.abs(after.height - before.height), `${p.path}: the page does not move`).toBeLessThan(2);
          await page.mouse.move(0, 0);
          await page.waitForTimeout(300);
          await page.screenshot({ path: path.join(SHOTS, name.replace(/\.png$/, "-interactive.png")) });
          if (width === 1280) {
            const axe = await new AxeBuilder({ page }).analyze();
            const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
            expect(serious.map((v) => v.id), `${p.path} interactive`).toEqual([]);
          }
        }
        await page.close();
      }
    }
  }, 1_200_000);

  it("never scrolls sideways at 360 px", async () => {
    for (const p of [...pages(), { path: "/nope/x/y/z", chart: false }]) {
      const { page } = await open(p.path, 360, "light");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, p.path).toBeLessThanOrEqual(360);
      await page.close();
    }
  }, 600_000);

  it("reopens the same view from its permalink", async () => {
    const { page } = await open("/ru/whatsapp?range=all&mode=counts&source=simulated", 1280, "light");
    const title = await page.locator("#chart-title").textContent();
    const table = await page.getByTestId("view-table").innerText();
    const href = await page.getByTestId("permalink").getAttribute("href");
    expect(href).toMatch(/^\/ru\/whatsapp\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&grain=(hour|day)&source=simulated&mode=counts$/);
    await page.goto(`${site.url}${href}`, { waitUntil: "networkidle" });
    expect(await page.locator("#chart-title").textContent()).toBe(title);
    expect(await page.getByTestId("view-table").innerText()).toBe(table);
    await page.close();
  });

  it("opens, from a bucket's bar, the measurements whose verdicts add up to it", async () => {
    const { page } = await open("/ru/whatsapp?from=2026-02-11&to=2026-02-11&grain=hour&mode=counts", 1280, "light");
    // The bucket of 12:00 UTC, inside the block: read its counts from the table view.
    const bucket = "2026-02-11T12:00:00.000Z";
    const row = page.locator(`tr[data-bucket="${bucket}"]`);
    const expected: Record<string, number> = {};
    for (const cls of ["ok", "anomaly", "confirmed", "failure"]) expected[cls] = Number(await row.locator(`td[data-class="${cls}"]`).textContent());
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // The first pointer on the chart loads Recharts; then click the middle of the 13th of 24 columns.
    await page.locator(".live-chart").first().hover();
    await page.locator('.live-chart[data-live="drawn"]').first().waitFor({ timeout: 20_000 });
    const plot = page.locator(".recharts-cartesian-grid").first();
    const box = (await plot.boundingBox())!;
    const [x, y] = [box.x + (box.width * 12.5) / 24, box.y + box.height - 5];
    await page.mouse.move(x, y); // the chart learns the bucket under the pointer from the move
    await page.waitForTimeout(300);
    await Promise.all([page.waitForURL(/\/measurements\?/), page.mouse.click(x, y)]);
    expect(page.url()).toContain(`bucket=${encodeURIComponent(bucket)}`);
    const counts = await page.getByTestId("measurement-counts").locator("li").evaluateAll((els) => els.map((e) => [e.getAttribute("data-class"), Number(e.getAttribute("data-count"))]));
    expect(Object.fromEntries(counts)).toEqual(expected);
    await page.close();
  });

  it("draws the chart without JavaScript, and its bucket links open the same measurements", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/ru/whatsapp?from=2026-02-11&to=2026-02-11&grain=hour&mode=counts`);
    const bucket = "2026-02-11T12:00:00.000Z";
    const row = page.locator(`tr[data-bucket="${bucket}"]`);
    const expected: Record<string, number> = {};
    for (const cls of ["ok", "anomaly", "confirmed", "failure"]) expected[cls] = Number(await row.locator(`td[data-class="${cls}"]`).textContent());
    // The server drew the bars; the bucket's column is a link to its measurements.
    expect(await page.locator('[data-layer="static"] [role="group"] rect[data-class]').count()).toBeGreaterThan(0);
    const link = page.locator(`a.sc-hit[href*="bucket=${encodeURIComponent(bucket)}"]`);
    expect(await link.count()).toBe(1);
    // An annotation marker shows its text and source on keyboard focus, with no script.
    const marker = page.locator('[data-layer="static"] .sc-marker').first();
    await marker.focus();
    await expect(marker.locator(".sc-pop").isVisible()).resolves.toBe(true);
    expect(await marker.locator(".sc-pop").innerText()).toMatch(/\(source: .+\)/);
    await page.screenshot({ path: path.join(SHOTS, "no-javascript-timeline-1280.png") });
    await Promise.all([page.waitForURL(/\/measurements\?/), link.click()]);
    const counts = await page.getByTestId("measurement-counts").locator("li").evaluateAll((els) => els.map((e) => [e.getAttribute("data-class"), Number(e.getAttribute("data-count"))]));
    expect(Object.fromEntries(counts)).toEqual(expected);
    await context.close();
  });

  it("shows the detector's own state per bucket, as the detector-state API gives it, for the demo's detected event", async () => {
    const events = (await (await fetch(`${site.url}/api/v1/events?test_name=whatsapp&probe_cc=RU`)).json()) as { results: { id: string; scope: string; started_at: string }[] };
    for (const [path, scope, query] of [
      ["/ru/whatsapp/as12389?from=2026-02-11&to=2026-02-12&grain=hour", "network:RU/AS12389", "probe_asn=12389&"],
      ["/ru/whatsapp?from=2026-02-11&to=2026-02-12&grain=hour", "country:RU", ""],
    ] as const) {
      const event = events.results.find((e) => e.scope === scope)!;
      expect(event, scope).toBeDefined();
      const api = (await (await fetch(`${site.url}/api/v1/detector-state?test_name=whatsapp&probe_cc=RU&${query}since=2026-02-11&until=2026-02-13&grain=hour`)).json()) as {
        frontier: string | null;
        networks: { probe_asn: number; buckets: { start: string; state: string; event_ids: string[] }[] }[];
        country: { start: string; state: string; event_ids: string[] }[] | null;
      };
      const served = query ? api.networks[0].buckets : api.country!;
      expect(served).toHaveLength(48);
      const { page } = await open(path, 1280, "light");
      // The strip as drawn is the API's answer, bucket by bucket.
      const drawn = await page.getByTestId("detector-strip").locator("rect[data-state]").evaluateAll((els) => els.map((e) => e.getAttribute("data-state")));
      expect(drawn).toEqual(served.map((b) => b.state));
      const cells = await page.locator("tr[data-bucket]").evaluateAll((rows) =>
        rows.map((r) => ({ start: r.getAttribute("data-bucket"), state: r.querySelector("td[data-detector]")?.getAttribute("data-detector"), links: [...r.querySelectorAll("td[data-detector] a")].map((a) => a.getAttribute("href")) })),
      );
      // The page's strip is the API's answer, bucket by bucket.
      expect(cells.map((c) => [c.start, c.state])).toEqual(served.map((b) => [b.start, b.state]));
      const onset = Date.parse(event.started_at);
      const hourOf = (c: { start: string | null }) => Date.parse(c.start!);
      // The event is ongoing at the newest data (frontier): it is open in every hour from its onset's to the frontier's.
      const frontier = Date.parse(api.frontier!);
      const during = cells.filter((c) => hourOf(c) + 3_600_000 > onset && hourOf(c) <= frontier);
      expect(during.length).toBeGreaterThan(10);
      expect(during[0]).toMatchObject({ state: "anomalous", links: [`/events/${event.id}`] });
      for (const c of during) expect(c.links, c.start!).toContain(`/events/${event.id}`);
      expect(during.filter((c) => c.state === "anomalous").length / during.length).toBeGreaterThan(0.8);
      for (const c of cells.filter((x) => hourOf(x) + 3_600_000 <= onset)) expect(c.state, c.start!).not.toBe("anomalous");
      // After the newest data nobody measured: unknown, never ok, and no event open.
      const after = cells.filter((x) => hourOf(x) > frontier);
      expect(after.length).toBeGreaterThan(24);
      for (const c of after) expect(c, c.start!).toMatchObject({ state: "unknown", links: [] });
      await page.close();
    }
  }, 300_000);

  it("lists the detected events, and each event page links to its measurements", async () => {
    expect(eventIds.length).toBe(6);
    const { page } = await open("/events", 1280, "light");
    const links = await page.getByTestId("event-list").locator("a").evaluateAll((els) => els.map((e) => e.getAttribute("href")));
    expect(links.sort()).toEqual(eventIds.map((id) => `/events/${id}`).sort());
    for (const id of eventIds) {
      await page.goto(`${site.url}/events/${id}`, { waitUntil: "domcontentloaded" });
      const first = page.getByTestId("event-measurement-ids").locator("a").first();
      const href = (await first.getAttribute("href"))!;
      expect(href).toMatch(/^\/measurements\/[0-9a-f-]{36}$/);
      const res = await fetch(`${site.url}${href}`);
      expect(res.status).toBe(200);
      const list = await page.getByTestId("event-measurements-link").getAttribute("href");
      expect(list).toBe(`/measurements?event=${id}`);
    }
    await page.close();
  });

  it("names malformed parameters on the page, keeps the defaults, and never answers 500", async () => {
    for (const [p, parameter] of [
      ["/ru/whatsapp?range=2w&mode=pie", "range=2w"],
      ["/ru/whatsapp?from=2026-02-31&to=2026-03-01", "from=2026-02-31"],
      ["/events?service=icq&status=maybe", "service=icq"],
      ["/measurements?cc=ru&bucket=yesterday", "bucket=yesterday"],
      ["/compare?services=whatsapp,icq", "services=icq"],
    ] as const) {
      const { page, status } = await open(p, 1280, "light");
      expect(status, p).toBe(200);
      await expect(page.getByTestId("view-messages").innerText()).resolves.toContain(parameter);
      await page.close();
    }
    for (const p of ["/ru/icq", "/ru/whatsapp/as12x", "/russia", `/events/ev_ffffffffffffffff`, "/measurements/not-a-uuid", "/a/b/c/d"]) {
      const { page, status } = await open(p, 1280, "light");
      expect(status, p).toBe(404);
      await expect(page.getByTestId("not-found").isVisible()).resolves.toBe(true);
      await page.close();
    }
  }, 300_000);

  it("labels simulated data, and shows Russian labels with lang=ru", async () => {
    const { page } = await open("/ru/whatsapp?lang=ru", 1280, "light");
    await expect(page.getByTestId("simulated-banner").isVisible()).resolves.toBe(true);
    await expect(page.getByRole("navigation", { name: "Основное" }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId("class-legend").innerText()).resolves.toContain("подтверждено");
    await page.close();
    // The measurement page's stage cells and column heads too.
    const m = await open(`/measurements/${measurementId}?lang=ru`, 1280, "light");
    const cells = await m.page.getByTestId("measurement-targets").innerText();
    expect(cells).toContain("системный");
    expect(cells).toContain("цель");
    expect(cells).not.toMatch(/\bsystem\b|\bcontrol\b|\btarget\b| B in | ms\b|kbit\/s|incomplete/);
    await m.page.close();
  });

  it("reports health and Prometheus metrics", async () => {
    const health = await (await fetch(`${site.url}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", migrations: { current: true, pending: [] } });
    const metrics = await (await fetch(`${site.url}/metrics`)).text();
    expect(metrics).toMatch(/^vantage_http_requests_total\{route="\/\{cc\}\/\{service\}",status="200"\} \d+$/m);
  });
});
