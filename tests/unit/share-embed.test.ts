// What the share panel offers, the embed code and the embed document (pure).
import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW } from "../../lib/explorer/view";
import type { ViewData } from "../../lib/explorer/view-data";
import { embedCode, EMBED_HEIGHT_SCRIPT, resizeScript } from "../../lib/exports/embed-code";
import { embedHtml } from "../../lib/exports/embed-page";
import { shareLinks } from "../../lib/exports/share";
import { socialMetadata } from "../../lib/exports/social";
import { dataVersion, exportCsv, exportMeta, exportRows } from "../../lib/exports/view-export";
import { chartTitle, viewChartSpec } from "../../lib/chart-image/view-chart";

const DAY = 86_400_000;
const since = new Date("2026-02-08T00:00:00Z");
const data: ViewData = {
  view: { ...DEFAULT_VIEW, cc: "RU", service: "whatsapp", range: "custom", from: "2026-02-08", to: "2026-02-10", grain: "day" },
  window: { since, until: new Date(since.getTime() + 3 * DAY), grain: "day", fromDay: "2026-02-08", toDay: "2026-02-10", buckets: 3 },
  buckets: [0, 1, 2].map((i) => ({
    start: new Date(since.getTime() + i * DAY).toISOString(),
    ok: i === 1 ? 0 : 10, anomaly: i === 2 ? 5 : 0, confirmed: 0, failure: i === 1 ? 0 : 1, total: i === 1 ? 0 : 11 + (i === 2 ? 5 : 0),
    stageFailures: { dns: 0, tcp: 0, tls: 0, http: 0, ws: 0, throughput: 0 }, throughputMedianKbps: null, probes: i === 1 ? 0 : 3, owners: i === 1 ? 0 : 3,
  })),
  sources: ["simulated"],
  simulated: true,
  events: [],
  annotations: [{ id: "a", date: "2026-02-09", endDate: null, title: "@evil", outlet: "-x", sourceDate: "2026-02-09", url: null, services: ["whatsapp"], notMeasured: false }],
  messages: [],
};

describe("share panel, embeds and cards", () => {
  it("offers permalink, live and pinned embed codes, downloads with the view's parameters, and citations", () => {
    const s = shareLinks(data, { origin: "https://v.example", lang: "ru", permalink: "https://v.example/ru/whatsapp?from=2026-02-08&to=2026-02-10&grain=day&lang=ru", pinnedPath: "/ru/whatsapp?from=2026-02-08&to=2026-02-10&grain=day&v=0123456789ab", now: new Date("2026-12-02T10:00:00Z") });
    expect(s.downloads.map((d) => d.label)).toEqual(["PNG", "PNG 2x", "SVG", "CSV", "JSON"]);
    expect(s.downloads[3].href).toBe("https://v.example/ru/whatsapp/data.csv?from=2026-02-08&to=2026-02-10&grain=day&lang=ru");
    expect(s.embedLive).toContain('src="https://v.example/embed/ru/whatsapp?from=2026-02-08&amp;to=2026-02-10&amp;grain=day&amp;lang=ru"');
    expect(s.embedPinned).toContain("v=0123456789ab&amp;lang=ru");
    expect(s.citation.text).toContain(`Версия данных ${dataVersion(data)}`);
    expect(s.citation.text).toContain("Дата обращения 2 дек. 2026 г. (UTC)");
    expect(JSON.parse(s.citation.csl)[0].URL).toBe(s.permalink);
    expect(s.words.title).toBe("Поделиться и скачать");
  });

  it("embed code resizes only Vantage frames, from Vantage's origin", () => {
    const code = embedCode({ src: "https://v.example/embed/ru/whatsapp", title: 'A "quoted" <title>' });
    expect(code).toContain('title="A &quot;quoted&quot; &lt;title>"');
    expect(code).toContain("data-vantage-embed");
    expect(resizeScript("https://v.example")).toContain('e.origin!=="https://v.example"');
    expect(EMBED_HEIGHT_SCRIPT).toContain("vantage:height");
  });

  it("the embed document is self-contained and themed by the palette's variables", () => {
    const common = { lang: "en" as const, theme: "css" as const, permalink: "https://v.example/ru/whatsapp" };
    const html = embedHtml({
      lang: "en",
      theme: "auto",
      title: chartTitle(data, "en"),
      wide: viewChartSpec(data, { ...common, width: 900, idPrefix: "w-" }),
      narrow: viewChartSpec(data, { ...common, width: 420, idPrefix: "n-" }),
      link: { href: "https://v.example/ru/whatsapp", text: "Full view on Vantage" },
    });
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|https?:\/\/(?!v\.example|www\.w3\.org)/);
    expect(html).toContain("prefers-color-scheme: dark");
    expect(html).toContain('fill="var(--ok)"');
    expect(html.match(/id="w-mark-hatch"/g)).toHaveLength(1);
    expect(html.match(/id="n-mark-hatch"/g)).toHaveLength(1);
    expect(html).toContain("Simulated data");
  });

  it("CSV header neutralises formula-looking annotation text", () => {
    const csv = exportCsv(exportMeta(data, { title: "t", permalink: "https://v.example/x", source: "s", generatedAt: new Date(0) }), exportRows(data));
    expect(csv).toContain("# annotation,2026-02-09,'@evil,'-x\r\n");
    expect(csv).toContain("2026-02-09T00:00:00.000Z,0,0,0,0,0,0,0\r\n"); // the gap is a row of zeros
  });

  it("social metadata carries the card image for OpenGraph and Twitter", () => {
    const m = socialMetadata({ title: "WhatsApp in Russia", description: "d", url: "https://v.example/ru/whatsapp", image: "https://v.example/ru/whatsapp/chart.png?w=1200", imageAlt: "chart", lang: "en" });
    expect(m.openGraph?.images).toEqual([{ url: "https://v.example/ru/whatsapp/chart.png?w=1200", width: 1200, alt: "chart", type: "image/png" }]);
    expect(m.twitter).toMatchObject({ card: "summary_large_image" });
  });
});
