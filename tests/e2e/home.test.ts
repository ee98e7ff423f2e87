// End to end: seed a store through ingestMeasurements, start the real site on it, load the
// home page in Chromium, and check that plotted bars carry the same counts as SQL over
// the raw measurements of the same day. Runs on PGlite, and on PostgreSQL when
// TEST_DATABASE_URL is set.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { seedDemo } from "../../lib/demo/seed";
import { seedKnownAnnotations } from "../../lib/store/annotations";
import type { Store } from "../../lib/store/open";
import { buildIfNeeded } from "../../scripts/lib/build";
import { chromiumAvailable, launchChromium } from "../helpers/browser";
import { startSite, type RunningServer } from "../helpers/server";
import { siteStoreCases } from "../helpers/site-stores";
import { importOoni } from "../../lib/ooni/importer";
import { storeSink } from "../../lib/ooni/store-sink";
import { fixturePath } from "../fixtures/ooni/load";

const hasChromium = chromiumAvailable();
const SEED = { from: "2026-02-08T00:00:00Z", to: "2026-02-14T00:00:00Z", everyHours: 6 };

const cases = siteStoreCases();

type DayCounts = Map<string, Record<string, number>>;

/** Per-day class counts straight from the raw measurement rows (not the rollups). */
async function rawDailyCounts(store: Store, service: string, source: string | null = null): Promise<DayCounts> {
  const rows = await store.prisma.$queryRawUnsafe<{ day: string; class: string; n: number }[]>(
    `SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, class, count(*)::int AS n
     FROM measurements WHERE service = $1 AND country = 'RU' AND ($2::text IS NULL OR source = $2::text) GROUP BY 1, 2`,
    service,
    source,
  );
  const out: DayCounts = new Map();
  for (const r of rows) out.set(r.day, { ...(out.get(r.day) ?? {}), [r.class]: r.n });
  return out;
}

describe.skipIf(!hasChromium).sequential("home page timelines in a real browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    // Build once, before any site starts: two sites starting at once would race to build.
    buildIfNeeded();
    browser = await launchChromium();
  }, 900_000);
  afterAll(async () => browser?.close());

  for (const c of cases) {
    describe.sequential(`on ${c.name}`, () => {
      let site: RunningServer | undefined;
      let expected: DayCounts;
      let expectedBySource: Record<string, DayCounts>;
      let cleanup: () => Promise<void> = async () => {};
      beforeAll(async () => {
        const prepared = await c.prepare();
        cleanup = prepared.cleanup;
        const store = await prepared.open();
        try {
          await seedKnownAnnotations(store);
          await seedDemo(store, SEED);
          // A real OONI measurement from Russia inside the seeded week, through the importer.
          const imported = await importOoni([fixturePath("whatsapp-blocked.json")], { sink: storeSink(store), workers: 0 });
          expect(imported.imported).toBe(1);
          expected = await rawDailyCounts(store, "whatsapp");
          expectedBySource = {
            ooni: await rawDailyCounts(store, "whatsapp", "ooni"),
            simulated: await rawDailyCounts(store, "whatsapp", "simulated"),
          };
        } finally {
          await store.close(); // PGlite: the site must own the directory alone
        }
        site = await startSite(prepared.env);
      }, 900_000);
      afterAll(async () => {
        await site?.stop();
        await cleanup();
      });

      it("plots, for every day and class, the count SQL finds in the raw rows", async () => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
        await page.goto(`${site!.url}/`);
        const chart = page.getByTestId("timeline-whatsapp");
        await chart.locator("rect[data-class]").first().waitFor();
        const bars = await chart.locator("rect[data-class]").evaluateAll((els) =>
          els.map((e) => ({ day: e.getAttribute("data-day")!, cls: e.getAttribute("data-class")!, value: Number(e.getAttribute("data-value")) })),
        );
        expect(bars.length).toBeGreaterThan(0);
        const day = "2026-02-12"; // inside the simulated WhatsApp block attempt
        for (const cls of ["ok", "anomaly", "confirmed", "failure"]) {
          const plotted = bars.find((b) => b.day === day && b.cls === cls)?.value ?? 0;
          expect(plotted, `${cls} on ${day}`).toBe(expected.get(day)?.[cls] ?? 0);
        }
        for (const b of bars) expect(b.value, `${b.cls} on ${b.day}`).toBe(expected.get(b.day)?.[b.cls] ?? 0);
        await expect(page.getByTestId("simulated-banner").isVisible()).resolves.toBe(true);
        await expect(page.getByText("attempted to fully block").isVisible()).resolves.toBe(true);
        fs.mkdirSync("test-results", { recursive: true });
        await page.screenshot({ path: path.join("test-results", `home-${c.name}.png`), fullPage: true });
        await page.close();
      });

      it("keeps one source's data when asked, and links every source", async () => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
        await page.goto(`${site!.url}/`);
        const links = await page.getByTestId("source-filter").locator("a").evaluateAll((els) => els.map((e) => e.getAttribute("href")));
        expect(links).toEqual(["/", "/?source=ooni", "/?source=simulated"]);
        for (const [source, counts] of Object.entries(expectedBySource)) {
          await page.goto(`${site!.url}/?source=${source}`);
          const chart = page.getByTestId("timeline-whatsapp");
          await chart.locator("svg").first().waitFor();
          const bars = await chart.locator("rect[data-class]").evaluateAll((els) =>
            els.map((e) => ({ day: e.getAttribute("data-day")!, cls: e.getAttribute("data-class")!, value: Number(e.getAttribute("data-value")) })),
          );
          const plotted = bars.reduce((n, b) => n + b.value, 0);
          const stored = [...counts.values()].reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
          expect(plotted, `${source}: measurements plotted`).toBe(stored);
          for (const b of bars) expect(b.value, `${source}: ${b.cls} on ${b.day}`).toBe(counts.get(b.day)?.[b.cls] ?? 0);
          await expect(page.getByTestId("simulated-banner").isVisible()).resolves.toBe(source === "simulated");
        }
        // The OONI measurement is there, and only there, on its day.
        expect(expectedBySource.ooni.get("2026-02-11")).toBeDefined();
        await page.close();
      });

      it("reports health and Prometheus metrics", async () => {
        const health = await (await fetch(`${site!.url}/api/health`)).json();
        expect(health).toMatchObject({ status: "ok", migrations: { current: true, pending: [] } });
        const metrics = await (await fetch(`${site!.url}/metrics`)).text();
        expect(metrics).toMatch(/^vantage_http_requests_total\{route="\/api\/health",status="200"\} \d+$/m);
        expect(metrics).toMatch(/^vantage_store_latency_seconds_count [1-9]\d*$/m);
      });
    });
  }
});
