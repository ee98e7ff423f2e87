// Cache validators and policies, and the three citation formats (pure).
import { describe, expect, it } from "vitest";
import { cacheControl, cachedResponse, etagOf, isNotModified } from "../../lib/cache/http";
import { bibtexCitation, citationKey, cslCitation, plainCitation } from "../../lib/citation/citation";

describe("HTTP caching", () => {
  const etag = etagOf("hello");
  const h = (o: Record<string, string>) => new Headers(o);

  it("answers If-None-Match by weak comparison, lists and *", () => {
    expect(isNotModified(h({ "if-none-match": etag }), etag, null)).toBe(true);
    expect(isNotModified(h({ "if-none-match": `"x", W/${etag}` }), etag, null)).toBe(true);
    expect(isNotModified(h({ "if-none-match": "*" }), etag, null)).toBe(true);
    expect(isNotModified(h({ "if-none-match": '"other"' }), etag, null)).toBe(false);
    expect(isNotModified(h({}), etag, null)).toBe(false);
  });

  it("falls back to If-Modified-Since only without If-None-Match", () => {
    const lm = new Date("2026-02-14T10:00:00.700Z");
    expect(isNotModified(h({ "if-modified-since": "Sat, 14 Feb 2026 10:00:00 GMT" }), etag, lm)).toBe(true);
    expect(isNotModified(h({ "if-modified-since": "Sat, 14 Feb 2026 09:59:59 GMT" }), etag, lm)).toBe(false);
    expect(isNotModified(h({ "if-none-match": '"x"', "if-modified-since": "Sat, 14 Feb 2026 10:00:00 GMT" }), etag, lm)).toBe(false);
    expect(isNotModified(h({ "if-modified-since": "yesterday-ish" }), etag, lm)).toBe(false);
  });

  it("sends the policy and validators, and 304 with no body to a current copy", async () => {
    const first = cachedResponse(new Request("http://x/"), { body: "a,b\n", contentType: "text/csv", kind: "live" });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe(cacheControl("live"));
    expect(first.headers.get("cache-control")).toMatch(/s-maxage=\d+, stale-while-revalidate=\d+/);
    const again = cachedResponse(new Request("http://x/", { headers: { "if-none-match": first.headers.get("etag")! } }), {
      body: "a,b\n",
      contentType: "text/csv",
      kind: "live",
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(cacheControl("pinned")).toContain("immutable");
  });
});

describe("citations", () => {
  const c = {
    title: "WhatsApp in Russia: 1 Feb 2026 to 14 Feb 2026 {100% & more}",
    permalink: "https://vantage.example/ru/whatsapp?from=2026-02-01&to=2026-02-14",
    dataVersion: "3f2a9c1d7e",
    accessed: new Date("2026-12-02T10:00:00Z"),
    words: { dataset: "data set", dataVersion: "Data version", retrieved: "Retrieved", accessedText: "2 Dec 2026 (UTC)" },
  };

  it("writes a plain reference with permalink, version and access date", () => {
    expect(plainCitation(c)).toBe(
      "Vantage (2026). WhatsApp in Russia: 1 Feb 2026 to 14 Feb 2026 {100% & more} [data set]. Data version 3f2a9c1d7e. Retrieved 2 Dec 2026 (UTC), https://vantage.example/ru/whatsapp?from=2026-02-01&to=2026-02-14",
    );
  });

  it("writes BibTeX with special characters escaped and balanced braces", () => {
    const bib = bibtexCitation(c);
    expect(bib).toContain(`@misc{${citationKey(c)},`);
    expect(bib).toContain("title = {{WhatsApp in Russia: 1 Feb 2026 to 14 Feb 2026 \\{100\\% \\& more\\}}}");
    expect(bib).toContain("urldate = {2026-12-02}");
    expect(bib).toContain("url = {https://vantage.example/ru/whatsapp?from=2026-02-01&to=2026-02-14}");
    let depth = 0;
    for (let i = 0; i < bib.length; i++) {
      if (bib[i] === "\\") { i++; continue; }
      if (bib[i] === "{") depth++;
      if (bib[i] === "}") depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it("writes CSL-JSON a reference manager reads: a dataset with URL, version and dates", () => {
    const [item] = cslCitation(c) as Array<Record<string, unknown>>;
    expect(item).toMatchObject({
      type: "dataset",
      title: c.title,
      URL: c.permalink,
      version: "3f2a9c1d7e",
      accessed: { "date-parts": [[2026, 12, 2]] },
      author: [{ literal: "Vantage" }],
    });
    expect(item.id).toBe("vantage_ru_whatsapp_3f2a9c1d");
  });
});
