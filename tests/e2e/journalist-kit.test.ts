// The journalist kit end to end, against `npm start` on a demo store, in Chromium: an
// embed inside an iframe on a page of another local origin renders in both themes and both
// languages and resizes its frame; a non-embed page refuses to be framed there; the PNG
// decodes at the asked width and the SVG parses with its title; the CSV's rows equal the
// API's answer and a formula-looking annotation comes out neutralised; the feeds parse and
// validate with the demo's events; chart pages carry social cards whose image loads, and
// their share panel lists its links without overflowing a phone's width; a webhook receiver on localhost confirms its subscription and gets signed deliveries
// of the events detection opened; a repeat with the ETag gets 304. Screenshots go to
// test-results/.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../lib/demo/seed";
import { embedCode } from "../../lib/exports/embed-code";
import { seedKnownAnnotations } from "../../lib/store/annotations";
import { createAnnotation } from "../../lib/store/queries/annotations";
import { createSubscription } from "../../lib/store/webhooks";
import { registrationKeys } from "../../lib/volunteers/registration-limit";
import { verifyDue } from "../../lib/webhooks/dispatch";
import { subscriptionLimits } from "../../lib/webhooks/limits";
import { SIGNATURE_HEADER, verifySignature } from "../../lib/webhooks/webhook";
import { buildIfNeeded } from "../../scripts/lib/build";
import { chromiumAvailable, launchChromium } from "../helpers/browser";
import { jsonFeedProblems, parseRss } from "../helpers/feed-validate";
import { startSite, type RunningServer } from "../helpers/server";
import { siteStoreCases } from "../helpers/site-stores";

const hasChromium = chromiumAvailable();
const VIEW = "from=2026-02-08&to=2026-02-14&grain=day";
const SHOTS = "test-results";

/** A tiny HTTP server on its own port (another origin): serves whatever page is set, records POSTs. */
async function startHost(): Promise<{ url: string; setPage: (html: string) => void; posts: { headers: http.IncomingHttpHeaders; body: string }[]; stop: () => Promise<void> }> {
  let page = "";
  const posts: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      if (req.method === "POST" && req.headers["x-vantage-event"] === "subscription.verify") {
        // The receiver confirms its subscription: it echoes the challenge.
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ challenge: JSON.parse(body).challenge }));
      } else if (req.method === "POST") {
        posts.push({ headers: req.headers, body });
        res.writeHead(204).end();
      } else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setPage: (html) => (page = html),
    posts,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

describe.skipIf(!hasChromium).sequential("journalist kit in a real browser", () => {
  const c = siteStoreCases()[0]; // PGlite: the store `npm start` uses by default
  let browser: Browser;
  let site: RunningServer;
  let host: Awaited<ReturnType<typeof startHost>>;
  let secret = "";
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    buildIfNeeded();
    browser = await launchChromium();
    host = await startHost();
    const prepared = await c.prepare();
    cleanup = prepared.cleanup;
    const store = await prepared.open();
    try {
      await seedKnownAnnotations(store);
      await createAnnotation(store, { date: "2026-02-09", title: "=1+2 looks like a formula", outlet: "@outlet", source_date: "2026-02-09", country: "RU", services: ["whatsapp"] });
      // A subscriber from before the simulated week: detection's events during seeding are news to it.
      const limits = subscriptionLimits();
      const sub = await createSubscription(
        store,
        { url: `${host.url}/hook`, siteUrl: "http://vantage.test", service: null, country: "RU", asn: null },
        { keys: registrationKeys("127.0.0.1", "e2e", "webhook")!, limits: limits.client, perHost: limits.perHost },
      );
      if (!sub.ok) throw new Error(sub.decision.reason);
      secret = sub.secret;
      // The handshake, for real over HTTP: the receiver echoes the challenge, so it is confirmed (pending, it would get nothing).
      process.env.VANTAGE_WEBHOOK_ALLOW_PRIVATE = "true";
      expect(await verifyDue(store)).toEqual({ confirmed: 1, unconfirmed: 0 });
      delete process.env.VANTAGE_WEBHOOK_ALLOW_PRIVATE;
      await store.prisma.$executeRawUnsafe(`UPDATE webhook_subscriptions SET created_at = '2026-02-01T00:00:00Z'`);
      await seedDemo(store, { from: "2026-02-08T00:00:00Z", to: "2026-02-15T00:00:00Z" });
    } finally {
      await store.close();
    }
    site = await startSite({ ...prepared.env, VANTAGE_WEBHOOK_ALLOW_PRIVATE: "true" });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 900_000);
  afterAll(async () => {
    await site?.stop();
    await host?.stop();
    await browser?.close();
    await cleanup();
  });

  it("embeds render in an iframe on another origin, in both themes and languages, and size their frame", async () => {
    for (const theme of ["light", "dark"] as const) {
      for (const lang of ["en", "ru"] as const) {
        const src = `${site.url}/embed/ru/whatsapp?${VIEW}&theme=${theme}&lang=${lang}`;
        host.setPage(`<!doctype html><html><body style="margin:0;background:#eee"><h1>An article</h1>${embedCode({ src, title: "WhatsApp in Russia" })}<p>After the chart.</p></body></html>`);
        for (const width of [1280, 390]) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          await page.goto(host.url);
          await page.waitForFunction(() => document.querySelector("iframe")?.style.height !== "", null, { timeout: 30_000 });
          const frame = page.frames().find((f) => f.url().startsWith(site.url))!;
          const title = await frame.locator(width < 600 ? ".narrow svg title" : ".wide svg title").textContent();
          expect(title).toBe(lang === "en" ? "WhatsApp in Russia" : "WhatsApp: Россия");
          await expect(frame.locator(`${width < 600 ? ".narrow" : ".wide"} svg`).isVisible()).resolves.toBe(true);
          const sizes = await page.evaluate(() => {
            const f = document.querySelector("iframe")!;
            return { frame: f.getBoundingClientRect().height, content: f.contentWindow ? null : null };
          });
          const contentHeight = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
          expect(Math.abs(sizes.frame - contentHeight)).toBeLessThanOrEqual(1); // the frame fits its content
          expect(sizes.frame).not.toBe(520);
          const bg = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
          expect(bg).toBe(theme === "light" ? "rgb(255, 255, 255)" : "rgb(18, 22, 28)");
          await page.screenshot({ path: path.join(SHOTS, `kit-embed-${theme}-${lang}-${width}.png`), fullPage: true });
          await page.close();
        }
      }
    }
  });

  it("an event embed draws the chart around the event, with its band", async () => {
    const [event] = (await (await fetch(`${site.url}/api/v1/events?probe_cc=RU&test_name=whatsapp&limit=1`)).json()).results as { id: string }[];
    host.setPage(`<!doctype html><html><body style="margin:0">${embedCode({ src: `${site.url}/embed/events/${encodeURIComponent(event.id)}?lang=ru`, title: "event" })}</body></html>`);
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    await page.goto(host.url);
    await page.waitForFunction(() => document.querySelector("iframe")?.style.height !== "", null, { timeout: 30_000 });
    const frame = page.frames().find((f) => f.url().startsWith(site.url))!;
    await expect(frame.locator(".wide svg g[data-event]").count()).resolves.toBe(1);
    expect(await frame.title()).toMatch(/^Событие: WhatsApp/);
    await page.screenshot({ path: path.join(SHOTS, "kit-embed-event-ru-800.png"), fullPage: true });
    await page.close();
    expect((await fetch(`${site.url}/embed/events/no-such-event`)).status).toBe(404);
  });

  it("a non-embed page refuses to be framed on another origin", async () => {
    host.setPage(`<!doctype html><html><body><iframe src="${site.url}/ru/whatsapp?${VIEW}" style="width:800px;height:400px"></iframe></body></html>`);
    const res = await fetch(`${site.url}/ru/whatsapp?${VIEW}`);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const embedRes = await fetch(`${site.url}/embed/ru/whatsapp?${VIEW}`);
    expect(embedRes.headers.get("content-security-policy") ?? "").not.toContain("frame-ancestors 'none'");
    const page = await browser.newPage({ viewport: { width: 1280, height: 600 } });
    await page.goto(host.url);
    await page.waitForTimeout(1_500);
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    const text = await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "");
    expect(text).not.toContain("WhatsApp");
    await page.screenshot({ path: path.join(SHOTS, "kit-framing-refused.png") });
    await page.close();
  });

  it("serves a PNG at the asked width and an SVG that parses with its title", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/ru/whatsapp/chart.png?${VIEW}&w=800`);
    const natural = await page.evaluate(() => (document.querySelector("img") as HTMLImageElement).naturalWidth);
    expect(natural).toBe(800);
    await page.close();
    const png = Buffer.from(await (await fetch(`${site.url}/ru/whatsapp/chart.png?${VIEW}&w=600&scale=2`)).arrayBuffer());
    expect(png.readUInt32BE(16)).toBe(1200);
    fs.writeFileSync(path.join(SHOTS, "kit-chart-2x.png"), png);
    fs.writeFileSync(path.join(SHOTS, "kit-chart-ru.png"), Buffer.from(await (await fetch(`${site.url}/ru/whatsapp/chart.png?${VIEW}&lang=ru&theme=dark`)).arrayBuffer()));
    const svg = await (await fetch(`${site.url}/ru/whatsapp/chart.svg?${VIEW}`)).text();
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(new XMLParser().parse(svg).svg.title).toBe("WhatsApp in Russia");
  });

  it("CSV rows equal the API's answer for the same view; a formula comes out neutralised", async () => {
    const csv = await (await fetch(`${site.url}/ru/whatsapp/data.csv?${VIEW}`)).text();
    expect(csv).toContain("# annotation,2026-02-09,'=1+2 looks like a formula,'@outlet");
    const [head, ...rows] = csv.split("\r\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(","));
    const table = rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
    const api = await (await fetch(`${site.url}/api/v1/aggregation?test_name=whatsapp&probe_cc=RU&since=2026-02-08&until=2026-02-15&axis_x=measurement_start_day&time_grain=day`)).json();
    expect(table.map((r) => [r.bucket_start.slice(0, 10), +r.ok_count, +r.anomaly_count, +r.confirmed_count, +r.failure_count])).toEqual(
      api.result.map((a: Record<string, number | string>) => [String(a.measurement_start_day).slice(0, 10), a.ok_count, a.anomaly_count, a.confirmed_count, a.failure_count]),
    );
  });

  it("feeds: RSS 2.0 with the demo's events, and valid JSON Feed 1.1, in both languages", async () => {
    const events = (await (await fetch(`${site.url}/api/v1/events?probe_cc=RU&limit=100`)).json()).results as { id: string; ended_at: string | null }[];
    expect(events.length).toBeGreaterThan(0);
    const expected = events.length + events.filter((e) => e.ended_at).length;
    const rss = await fetch(`${site.url}/events/feed.xml?country=RU`);
    expect(rss.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const parsed = parseRss(await rss.text());
    expect(parsed.problems).toEqual([]);
    expect(parsed.items).toHaveLength(expected);
    const json = await (await fetch(`${site.url}/events/feed.json?country=RU&lang=ru`)).json();
    expect(jsonFeedProblems(json)).toEqual([]);
    expect(json.items).toHaveLength(expected);
    expect(json.language).toBe("ru");
    expect((await fetch(`${site.url}/events/feed.xml?service=icq`)).status).toBe(400);
  });

  it("a webhook receiver on localhost got a signed delivery for each event detection opened", async () => {
    const events = (await (await fetch(`${site.url}/api/v1/events?probe_cc=RU&limit=100`)).json()).results as { id: string }[];
    const deadline = Date.now() + 30_000;
    while (host.posts.length < events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(host.posts.map((p) => JSON.parse(p.body).event.id).sort()).toEqual(events.map((e) => e.id).sort());
    for (const p of host.posts) {
      const header = String(p.headers[SIGNATURE_HEADER]);
      const t = new Date(Number(/t=(\d+)/.exec(header)![1]) * 1000);
      expect(verifySignature(secret, p.body, header, t)).toBe(true);
    }
  });

  it("timeline, network, comparison and event pages carry social cards with a loading chart PNG and show the share panel", async () => {
    const [event] = (await (await fetch(`${site.url}/api/v1/events?probe_cc=RU&test_name=whatsapp&limit=1`)).json()).results as { id: string }[];
    const timeline = await (await fetch(`${site.url}/ru/whatsapp?${VIEW}`)).text();
    const network = /href="(\/ru\/whatsapp\/as\d+)[^"]*"/.exec(timeline)?.[1];
    expect(network).toBeTruthy();
    const pages = [`/ru/whatsapp?${VIEW}`, `${network}?${VIEW}`, `/compare?cc=ru&services=whatsapp,telegram&${VIEW}`, `/events/${encodeURIComponent(event.id)}?lang=ru`];
    const meta = (html: string, key: string) => {
      const m = new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html);
      return m ? m[1].replaceAll("&amp;", "&") : null;
    };
    for (const p of pages) {
      const html = await (await fetch(site.url + p)).text();
      expect(meta(html, "og:title"), p).toBeTruthy();
      expect(meta(html, "twitter:card"), p).toBe("summary_large_image");
      const image = meta(html, "og:image");
      expect(image, p).toMatch(/^https?:\/\/[^/]+\/ru\/whatsapp(\/as\d+)?\/chart\.png\?.*w=1200/);
      const res = await fetch(new URL(new URL(image!).pathname + new URL(image!).search, site.url)); // same server, whatever origin it announces
      expect(res.status, image!).toBe(200);
      expect(res.headers.get("content-type"), image!).toBe("image/png");
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);

      for (const width of [1280, 390]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(site.url + p);
        const panel = page.getByTestId("share-panel");
        await panel.locator("summary").first().click();
        await expect(panel.locator("input").first().inputValue()).resolves.toMatch(/^https?:\/\//);
        await expect(panel.locator("a[data-kind]").evaluateAll((as) => as.map((a) => a.getAttribute("data-kind")))).resolves.toEqual(["PNG", "PNG 2x", "SVG", "CSV", "JSON"]);
        await expect(panel.locator("textarea").first().inputValue()).resolves.toContain("<iframe");
        const overflow = await page.evaluate(() => {
          const el = document.querySelector('[data-testid="share-panel"]')!;
          const widest = Math.max(...[...el.querySelectorAll("*")].map((c) => c.getBoundingClientRect().right));
          return { right: el.getBoundingClientRect().right, widest, vw: document.documentElement.clientWidth };
        });
        expect(overflow.right, `${p} at ${width}`).toBeLessThanOrEqual(overflow.vw);
        expect(overflow.widest, `${p} at ${width}`).toBeLessThanOrEqual(overflow.right + 1); // nothing inside sticks out
        if (p.startsWith("/ru/whatsapp?")) await page.screenshot({ path: path.join(SHOTS, `kit-share-panel-${width}.png`), fullPage: true });
        await page.close();
      }
    }
  });

  it("answers a repeat with the ETag by 304, for embeds, images, data and feeds", async () => {
    for (const p of [`/embed/ru/whatsapp?${VIEW}`, `/ru/whatsapp/chart.svg?${VIEW}`, `/ru/whatsapp/data.csv?${VIEW}`, "/events/feed.xml"]) {
      const first = await fetch(site.url + p);
      expect(first.status, p).toBe(200);
      expect(first.headers.get("cache-control"), p).toMatch(/s-maxage=\d+/);
      const again = await fetch(site.url + p, { headers: { "if-none-match": first.headers.get("etag")! } });
      expect(again.status, p).toBe(304);
    }
  });
});
