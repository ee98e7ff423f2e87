// The per-client bound on chart snapshots (docs/limits.md), end to end against `npm start`
// in Chromium: with a bound of one new snapshot, the first chart page's share panel offers
// the pinned embed code; the next new range from the same reader still renders in full,
// with the panel saying why it has no pinned code instead, at 1280 and 390 px, light and
// dark. Screenshots go to test-results/.
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../lib/demo/seed";
import { translator } from "../../lib/i18n";
import { buildIfNeeded } from "../../scripts/lib/build";
import { chromiumAvailable, launchChromium } from "../helpers/browser";
import { startSite, type RunningServer } from "../helpers/server";
import { siteStoreCases } from "../helpers/site-stores";

const hasChromium = chromiumAvailable();
const SHOTS = "test-results";

describe.skipIf(!hasChromium).sequential("the chart snapshot bound in a real browser", () => {
  const c = siteStoreCases()[0]; // PGlite: the store `npm start` uses by default
  let browser: Browser;
  let site: RunningServer;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    buildIfNeeded();
    const prepared = await c.prepare();
    cleanup = prepared.cleanup;
    const store = await prepared.open();
    try {
      await seedDemo(store, { from: "2026-02-09T00:00:00Z", to: "2026-02-12T00:00:00Z", everyHours: 6 });
    } finally {
      await store.close();
    }
    site = await startSite({ ...prepared.env, VANTAGE_SNAPSHOT_BURST: "1", VANTAGE_SNAPSHOT_PER_MINUTE: "1" });
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await cleanup();
  });

  async function sharePanel(view: string, width: number, scheme: "light" | "dark", shot?: string) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    const res = await page.goto(`${site.url}/ru/whatsapp?${view}`, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(200);
    await page.locator('[data-layer="static"] rect[data-class]').first().waitFor({ timeout: 20_000 }); // the chart still draws
    const panel = page.getByTestId("share-panel");
    await panel.locator("summary").first().click();
    const pinned = await page.locator('[id$="-embed-pinned"]').count();
    const note = (await page.getByTestId("share-pinned-note").count()) ? await page.getByTestId("share-pinned-note").innerText() : null;
    if (shot) {
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, shot) });
    }
    await context.close();
    return { pinned, note };
  }

  it("offers the pinned code within the bound, and beyond it renders the page with a note instead", async () => {
    expect(await sharePanel("from=2026-02-10&to=2026-02-11&grain=day", 1280, "light")).toEqual({ pinned: 1, note: null });
    // Each next page is a new range from the same reader (127.0.0.1): no token is left.
    const modes = [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]] as const;
    for (const [i, [width, scheme]] of modes.entries()) {
      const view = `from=2026-02-0${9}&to=2026-02-1${i + 1}&grain=day`;
      const got = await sharePanel(view, width, scheme, `snapshot-bound-share-panel-${width}-${scheme}.png`);
      expect(got, `${width} ${scheme}`).toEqual({ pinned: 0, note: translator("en")("kit.share.pinnedLater") });
    }
  }, 300_000);
});
