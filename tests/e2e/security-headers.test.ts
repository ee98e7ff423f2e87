// The security headers of `npm start` (scripts/next-server.ts, lib/security/headers.ts) on
// every kind of response, the socket address it hands route handlers, and, in Chromium,
// that the pages still hydrate and draw their charts under the Content-Security-Policy
// with no violation reported. Screenshots (1280 and 390 px, light and dark) go to test-results/.
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../lib/demo/seed";
import { ACCOUNT_LIMITS } from "../../lib/volunteers/registration-limit";
import { buildIfNeeded } from "../../scripts/lib/build";
import { chromiumAvailable, launchChromium } from "../helpers/browser";
import { startSite, type RunningServer } from "../helpers/server";
import { siteStoreCases } from "../helpers/site-stores";

const hasChromium = chromiumAvailable();
const [pglite] = siteStoreCases();

describe.sequential("security headers and the client address, against npm start", () => {
  let site: RunningServer | undefined;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    buildIfNeeded();
    const prepared = await pglite.prepare();
    cleanup = prepared.cleanup;
    const store = await prepared.open();
    try {
      await seedDemo(store, { from: "2026-02-08T00:00:00Z", to: "2026-02-14T00:00:00Z", everyHours: 6 });
    } finally {
      await store.close();
    }
    site = await startSite(prepared.env);
  }, 900_000);
  afterAll(async () => {
    await site?.stop();
    await cleanup();
  });

  it("sends CSP, framing, nosniff and referrer headers on every kind of response", async () => {
    const paths = ["/", "/probes", "/probes/new", "/nope", "/api/health", "/metrics", "/api/v1/events", "/api/v1/openapi.json", "/api/v1/measurements?limit=1", "/api/v1/measurements/bad", "/api/v1/aggregation?axis_x=probe_cc"];
    for (const p of paths) {
      const res = await fetch(site!.url + p);
      await res.arrayBuffer();
      expect(res.headers.get("content-security-policy"), p).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get("x-frame-options"), p).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), p).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), p).toBe("strict-origin-when-cross-origin");
    }
    // The one exemption: embeds and chart images may be framed by any site.
    for (const p of ["/embed/whatsapp", "/api/v1/charts/x/chart.svg"]) {
      const res = await fetch(site!.url + p);
      await res.arrayBuffer();
      expect(res.headers.get("content-security-policy"), p).toContain("frame-ancestors *");
      expect(res.headers.get("x-frame-options"), p).toBeNull();
      expect(res.headers.get("x-content-type-options"), p).toBe("nosniff");
    }
  });

  it("counts every request by its socket address, whatever headers the client forges", async () => {
    const forged = (i: number) =>
      fetch(`${site!.url}/api/v1/probes/accounts`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.${i >> 8}.${i & 255}`, "x-real-ip": `198.51.100.${i & 255}`, "x-vantage-peer": `192.0.2.${i & 255}`, "x-vantage-peer-proof": "guess" },
        body: "{}",
      });
    for (let i = 0; i < ACCOUNT_LIMITS.perAddress; i++) expect((await forged(i)).status).toBe(201);
    expect((await forged(ACCOUNT_LIMITS.perAddress)).status).toBe(429);
  });

  it.skipIf(!hasChromium)("hydrates and draws the charts under the policy, with no violation", { timeout: 900_000 }, async () => {
    const browser: Browser = await launchChromium();
    try {
      fs.mkdirSync("test-results", { recursive: true });
      for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]] as const) {
        const page = await browser.newPage({ viewport: { width, height: 1200 }, colorScheme: scheme });
        const violations: string[] = [];
        page.on("console", (m) => {
          if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
        });
        await page.addInitScript(() => {
          document.addEventListener("securitypolicyviolation", (e) => console.error(`Refused to load: CSP violation ${e.violatedDirective} ${e.blockedURI}`));
        });
        const timeline = "/ru/whatsapp?from=2026-02-08&to=2026-02-13&grain=day";
        for (const p of ["/", timeline, "/probes"]) {
          await page.goto(site!.url + p, { waitUntil: "load", timeout: 120_000 });
          // The server draws the chart; Recharts, loaded on the first pointer on it, draws its marks
          // only in the browser: its bars mean the page hydrated and loaded its on-demand chunk.
          if (p === timeline) {
            await page.locator(".live-chart").first().hover();
            await page.locator(".recharts-bar-rectangle").first().waitFor({ timeout: 120_000 });
          }
          const name = p === "/" ? "home" : p === timeline ? "timeline" : "probes";
          await page.screenshot({ path: path.join("test-results", `csp-${name}-${width}-${scheme}.png`) });
        }
        expect(violations, `${width} ${scheme}`).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
