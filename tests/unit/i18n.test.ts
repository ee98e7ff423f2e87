// The one translation mechanism (lib/i18n) and the labels module built on it.
import { describe, expect, it } from "vitest";
import { EN } from "../../lib/i18n/en";
import { RU } from "../../lib/i18n/ru";
import { formatDateTime, formatDay, formatDuration, langFromAcceptLanguage, resolveLang, translator } from "../../lib/i18n";
import { classLabel, countryLabel, serviceLabel, stageLabel, techniqueLabel } from "../../lib/present/labels";
import { CHART_CLASSES } from "../../lib/present/colors";
import { STAGES, TECHNIQUES } from "../../lib/measurement/vocabulary";
import { parseViewQuery } from "../../lib/explorer/view";
import { messagesIn, parseKitRequest } from "../../lib/exports/view-request";
import { ruleRows } from "../../lib/explorer/methodology";

describe("language choice", () => {
  it("prefers the query, then the cookie, then Accept-Language by q-value", () => {
    expect(resolveLang({ query: "ru", cookie: "en", acceptLanguage: "en" })).toBe("ru");
    expect(resolveLang({ query: "de", cookie: "ru" })).toBe("ru");
    expect(resolveLang({ acceptLanguage: "de-DE, ru;q=0.8, en;q=0.5" })).toBe("ru");
    expect(resolveLang({ acceptLanguage: "ru;q=0.2, en-GB;q=0.9" })).toBe("en");
    expect(resolveLang({})).toBe("en");
    expect(langFromAcceptLanguage("fr, *;q=0.1")).toBeNull();
  });
});

describe("messages", () => {
  it("translates labels and chrome into Russian, falling back to English only for left-out keys", () => {
    const labelKeys = Object.keys(EN).filter((k) => /^(service|class|stage|technique|source|range|grain|mode|nav|footer|theme|lang)\./.test(k));
    for (const key of labelKeys) expect(RU[key as keyof typeof RU], key).toBeTruthy();
    expect(translator("ru")("nav.events")).toBe("События");
  });

  it("has every English key in Russian, non-empty and with the same {placeholders}", () => {
    const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();
    const missing = Object.keys(EN).filter((k) => !Object.hasOwn(RU, k) || !RU[k as keyof typeof RU]);
    expect(missing).toEqual([]);
    expect(Object.keys(RU).filter((k) => !Object.hasOwn(EN, k))).toEqual([]);
    for (const [k, en] of Object.entries(EN)) expect(placeholders(RU[k as keyof typeof RU]), k).toEqual(placeholders(en));
    // The keys this session added: methodology, data, parameter messages, units, the thin-bucket rule.
    for (const k of ["method.rule.P2", "method.detect.minOwners", "data.views.params", "param.unknown", "kit.msg.width", "unit.bitps", "common.tooFew"] as const) {
      expect(RU[k]).not.toBe(EN[k]);
    }
  });

  it("fills parameters", () => {
    expect(translator("en")("common.utc")).toBe("UTC");
  });

  it("labels every class, stage and technique in both languages", () => {
    for (const lang of ["en", "ru"] as const) {
      for (const c of CHART_CLASSES) expect(classLabel(lang, c)).not.toBe(c === "unknown" ? "unknown" : "");
      for (const s of STAGES) expect(stageLabel(lang, s)).toBeTruthy();
      for (const t of TECHNIQUES) expect(Object.hasOwn(EN, `technique.${t}`) && techniqueLabel(lang, t).length > 0).toBe(true);
    }
    expect(classLabel("ru", "confirmed")).toBe("подтверждено");
    expect(serviceLabel("en", "newmessenger")).toBe("newmessenger");
    expect(countryLabel("en", "RU")).toBe("Russia");
    expect(countryLabel("ru", "ru")).toBe("Россия");
  });
});

describe("dates", () => {
  it("formats in UTC whatever the process time zone, labelled", () => {
    const t = new Date("2026-02-11T23:30:00Z");
    expect(formatDay("en", t)).toBe("11 Feb 2026");
    expect(formatDay("en", "2026-02-11")).toBe("11 Feb 2026");
    expect(formatDateTime("en", t)).toBe("11 Feb 2026, 23:30 UTC");
    expect(formatDateTime("ru", t)).toMatch(/^11 февр\. 2026 г\.,? 23:30 UTC$/);
    expect(formatDuration("en", 27 * 3_600_000)).toBe("1 d 3 h");
    expect(formatDuration("ru", 5 * 3_600_000)).toBe("5 ч");
  });
});

describe("parameter messages and the methodology in Russian", () => {
  it("names a bad parameter in the reader's language, and in English for data files", () => {
    const { messages } = parseViewQuery({ cc: "RU", service: "whatsapp", asn: null }, { range: "forever", bogus: "1" });
    expect(messages.map((m) => m.message)).toEqual(['unknown parameter "bogus", ignored', "expected one of 24h, 7d, 30d, 90d, 1y, all; showing all"]);
    const ru = translator("ru");
    expect(messages.map((m) => ru(m.key, m.params))).toEqual(["неизвестный параметр «bogus», пропущен", "ожидается одно из значений: 24h, 7d, 30d, 90d, 1y, all; показано all"]);
    const kit = parseKitRequest(["ru", "whatsapp"], new URL("http://v.test/ru/whatsapp/data.json?w=wide&theme=pink&lang=ru"), new Headers());
    if (!kit.ok) throw new Error(kit.error);
    expect(messagesIn(kit.value.lang, kit.value.messages)).toEqual([
      { parameter: "w", value: "wide", message: "ожидается ширина в пикселях (320–2400); используется 1200" },
      { parameter: "theme", value: "pink", message: "ожидается light, dark или auto; используется auto" },
    ]);
    expect(ruleRows("ru").find((r) => r.id === "D4")?.when).toBe("не отвечают оба резолвера");
    expect(ruleRows("en").find((r) => r.id === "D4")?.when).toBe("both resolvers fail");
  });
});
