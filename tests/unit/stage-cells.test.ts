// The measurement page's stage cells (components/explorer/StageCells.tsx) in the reader's
// language: every word goes through lib/i18n, while failure strings, addresses, SNI names
// and protocol names stay as recorded.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StageCells } from "../../components/explorer/StageCells";
import type { Lang } from "../../lib/i18n";
import { controlTransfer, dnsAnswer, http, tcp, throughput, tls, transfer } from "./fixtures/records";

const stages = {
  dns: dnsAnswer(["157.240.1.1"]),
  tcp: tcp("157.240.1.1", 443),
  tls: tls("157.240.1.1", "web.whatsapp.com", "connection_reset"),
  http: http("https://web.whatsapp.com/", { fingerprint: "ru-rkn-1" }),
  throughput: throughput(transfer("https://web.whatsapp.com/asset.js", { kbps: 100, stopAt: 16_000, capMs: 5000 }), controlTransfer(8000)),
};
const render = (lang: Lang) => renderToStaticMarkup(createElement("tr", null, createElement(StageCells, { stages, lang }))).replace(/<[^>]+>/g, " ");

describe("stage cells", () => {
  it("speak English by default", () => {
    const text = render("en");
    for (const w of ["system: ok", "control: ok", "neutral SNI neutral.example: ok", "5120 B", "fingerprint ru-rkn-1", " B in ", " ms", "kbit/s", ", incomplete"]) expect(text).toContain(w);
  });

  it("speak Russian with lang=ru, keeping recorded strings as they are", () => {
    const text = render("ru");
    for (const w of ["системный: успешно", "контрольный: успешно", "нейтральный SNI neutral.example: успешно", "5120 Б", "отпечаток ru-rkn-1", " Б за ", " мс", "кбит/с", ", не завершено"]) {
      expect(text).toContain(w);
    }
    expect(text).toContain("connection_reset");
    expect(text).toContain("SNI web.whatsapp.com");
    // No English word of the cells is left.
    for (const w of ["system", "control", "neutral SNI", " B ", " in ", " ms", "kbit", "incomplete", "fingerprint", " ok"]) expect(text).not.toContain(w);
  });
});
