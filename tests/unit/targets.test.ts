import { describe, expect, it } from "vitest";
import raw from "../../lib/targets/targets.json";
import { controlsFor, findTarget, parseTargetsFile, publishedNetworks, serviceTargets, targetPlaces, TARGETS, TARGETS_VERSION, THROUGHPUT_CONTROL } from "../../lib/targets";
import { inNetworks } from "../../lib/net/ip";
import { targetResultSchema } from "../../lib/measurement/schema";
import { componentKind } from "../../lib/verdict";

const TELEGRAM_DCS = ["149.154.175.50", "149.154.167.51", "149.154.175.100", "149.154.167.91", "149.154.171.5", "95.161.76.100"];
const clone = () => JSON.parse(JSON.stringify(raw));

describe("the targets file", () => {
  it("is versioned and validates at load", () => {
    expect(TARGETS_VERSION).toMatch(/^\d{4}\.\d{2}\.\d{2}-\d+$/);
    expect(Object.keys(TARGETS.services).sort()).toEqual(["max", "telegram", "whatsapp"]);
  });

  it("gives every target a unique id that a measurement record accepts", () => {
    const all = Object.values(TARGETS.services).flatMap((s) => s.targets);
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    for (const t of all) {
      expect(targetResultSchema.safeParse({ id: t.id, component: t.component, host: t.host, port: t.port, stages: {} }).success, t.id).toBe(true);
    }
  });

  it("WhatsApp: e1..e16 on 443 and 5222 (dns+tcp), registration and web (dns..http), one component per host", () => {
    const wa = serviceTargets("whatsapp");
    for (let i = 1; i <= 16; i++) {
      for (const port of [443, 5222]) {
        expect(findTarget(`whatsapp.endpoint.e${i}.${port}`)).toMatchObject({ host: `e${i}.whatsapp.net`, port, component: `endpoint:e${i}`, stages: ["dns", "tcp"], literal: false });
      }
    }
    expect(findTarget("whatsapp.registration")).toMatchObject({ component: "registration", http: { method: "GET", url: "https://v.whatsapp.net/v2/register" }, stages: ["dns", "tcp", "tls", "http"] });
    expect(findTarget("whatsapp.web")).toMatchObject({ component: "web", http: { method: "GET", url: "https://web.whatsapp.com/" } });
    expect(new Set(wa.map((t) => componentKind(t.component)))).toEqual(new Set(["endpoint", "registration", "web", "throughput"]));
  });

  it("Telegram: every data-centre address on 80 and 443 by plain-HTTP POST, literal (no dns), one component per address", () => {
    for (const ip of TELEGRAM_DCS) {
      for (const port of [80, 443]) {
        expect(findTarget(`telegram.dc.${ip}.${port}`)).toMatchObject({
          host: ip, port, literal: true, component: `dc:${ip}`, stages: ["tcp", "http"], http: { method: "POST", url: `http://${ip}:${port}/` },
        });
      }
      // Every data-centre address lies in Telegram's published networks (so T1 and D3 agree with them).
      expect(inNetworks(ip, publishedNetworks("telegram")), ip).toBe(true);
    }
    expect(findTarget("telegram.web")).toMatchObject({ component: "web", http: { url: "https://web.telegram.org/" } });
  });

  it("Max: dns+tcp+tls to its five hosts, web GET, WebSocket upgrade with the web client's Origin", () => {
    for (const host of ["max.ru", "web.max.ru", "api.oneme.ru", "api2.oneme.ru", "ws-api.oneme.ru"]) {
      expect(findTarget(`max.host.${host}.443`)).toMatchObject({ host, port: 443, stages: ["dns", "tcp", "tls"] });
    }
    expect(findTarget("max.web")).toMatchObject({ component: "web", http: { method: "GET", url: "https://web.max.ru/" } });
    expect(findTarget("max.websocket")).toMatchObject({ component: "websocket", ws: { url: "wss://ws-api.oneme.ru/websocket", headers: { Origin: "https://web.max.ru" } } });
    expect(new Set(serviceTargets("max").map((t) => t.component))).toEqual(new Set(["api", "websocket", "web", "throughput"]));
  });

  it("one throughput asset per service on its web client, marked unverified with a note; a neutral control object", () => {
    const hosts: Record<string, string> = { whatsapp: "web.whatsapp.com", telegram: "web.telegram.org", max: "web.max.ru" };
    for (const [service, host] of Object.entries(hosts)) {
      const thr = serviceTargets(service as "whatsapp").filter((t) => t.component === "throughput");
      expect(thr).toHaveLength(1);
      expect(new URL(thr[0].throughput!.url).host).toBe(host);
      expect(thr[0].throughput!.verified).toBe(false);
      expect(thr[0].throughput!.note).toMatch(/verify by an operator/i);
    }
    expect(THROUGHPUT_CONTROL.note).toMatch(/verify by an operator/i);
  });

  it("controls: Russia has its own domestic and foreign hosts; other countries get the default", () => {
    expect(controlsFor("RU").domestic.host).toBe("ya.ru");
    expect(controlsFor("ru").foreign.host).toBe("www.wikipedia.org");
    expect(controlsFor("DE")).toEqual(TARGETS.controls.default);
  });

  it("records the source of each service's published networks", () => {
    const sourceIds = new Set(TARGETS.sources.map((s) => s.id));
    for (const entry of Object.values(TARGETS.services)) {
      expect(entry.networks.source.every((s) => sourceIds.has(s))).toBe(true);
      expect(entry.networks.asns.length).toBeGreaterThan(0);
    }
    expect(TARGETS.services.whatsapp.networks.asns).toContain(32934);
    expect(TARGETS.services.telegram.networks.asns).toContain(62041);
    expect(inNetworks("157.240.1.35", publishedNetworks("whatsapp"))).toBe(true);
  });
});

describe("validation names what is wrong and where", () => {
  it("a malformed prefix", () => {
    const bad = clone();
    bad.services.telegram.networks.prefixes[0] = "91.108.4.0/33";
    expect(() => parseTargetsFile(bad)).toThrow(/services\.telegram\.networks\.prefixes\.0: not a valid CIDR prefix/);
  });

  it("a duplicate id, a bad id, a literal flag that contradicts the host", () => {
    const bad = clone();
    bad.services.whatsapp.targets[1].id = bad.services.whatsapp.targets[0].id;
    bad.services.telegram.targets[0].literal = false;
    bad.services.max.targets[0].id = "Max.Upper";
    let message = "";
    try {
      parseTargetsFile(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/services\.whatsapp\.targets\.1\.id: duplicate target id "whatsapp\.endpoint\.e1\.443"/);
    expect(message).toMatch(/services\.telegram\.targets\.0\.literal: literal is false but host "149\.154\.175\.50" is an address/);
    expect(message).toMatch(/services\.max\.targets\.0\.id/);
  });

  it("an http stage without its request, and a missing default controls entry", () => {
    const bad = clone();
    delete bad.services.whatsapp.targets.find((t: { id: string }) => t.id === "whatsapp.web").http;
    delete bad.controls.default;
    expect(() => parseTargetsFile(bad)).toThrow(/"http" stage and "http" request must come together[\s\S]*controls: a "default" controls entry is required/);
  });

  it("a site that is no place of the service's, and a site on a named host", () => {
    const bad = clone();
    bad.services.telegram.targets[0].site = "atlantis";
    bad.services.telegram.targets.find((t: { id: string }) => t.id === "telegram.web").site = "amsterdam";
    expect(() => parseTargetsFile(bad)).toThrow(
      /services\.telegram\.targets\.0\.site: site "atlantis" is not a place[\s\S]*site: only a literal-address target has a site/,
    );
  });
});

describe("sites (H5 reads where an address answers from)", () => {
  it("places every Telegram data-centre address, and nothing else", () => {
    const places = targetPlaces("telegram");
    const dcs = serviceTargets("telegram").filter((t) => t.component.startsWith("dc:"));
    expect([...places.keys()].sort()).toEqual(dcs.map((t) => t.id).sort());
    expect(places.get("telegram.dc.149.154.171.5.80")).toEqual(TARGETS.services.telegram.sites!.places.singapore);
    expect(targetPlaces("whatsapp").size).toBe(0);
  });
});

