// Item: every evidence item is judged by its role. The role table (lib/ooni/roles.ts)
// against real measurement files: every host a file only resolved (answer received, no
// connection to it, no request to it) is a DNS-only status lookup in the table or an
// endpoint whose connection was not recorded, and a signal lookup never reaches the rules.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogTargets } from "../../lib/ooni/catalog";
import { isObject, unwrapMeasurement } from "../../lib/ooni/envelope";
import { mapOoniMeasurement } from "../../lib/ooni/map";
import { roleOf, SIGNAL_LOOKUPS } from "../../lib/ooni/roles";
import { scoreRecord } from "../../lib/verdict";
import { fixtureDocument, fixturePath, FIXTURES_DIR } from "../fixtures/ooni/load";

/** Every measurement of every fixture file (JSON or JSON lines), unwrapped. */
function fixtureMeasurements(): { file: string; m: Record<string, unknown> }[] {
  const out: { file: string; m: Record<string, unknown> }[] = [];
  for (const file of readdirSync(FIXTURES_DIR).filter((f) => /\.jsonl?$/.test(f))) {
    const text = readFileSync(fixturePath(file), "utf8");
    const values = file.endsWith(".jsonl") ? text.split("\n").filter((l) => l.trim()) : [text];
    for (const v of values) {
      try {
        out.push({ file, m: unwrapMeasurement(JSON.parse(v)).measurement });
      } catch {
        // malformed lines are the importer's business, not the role table's
      }
    }
  }
  return out;
}

/** Hosts the measurement resolved with an answer but never connected to nor requested. */
function dnsOnlyHosts(m: Record<string, unknown>): string[] {
  const tk = isObject(m.test_keys) ? m.test_keys : {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObject) : []);
  const connected = new Set(list(tk.tcp_connect).map((c) => String(c.ip)));
  const requested = new Set(list(tk.requests).map((r) => (isObject(r.request) ? new URL(String(r.request.url)).hostname : "")));
  const hosts = new Set<string>();
  for (const q of list(tk.queries)) {
    const addrs = list(q.answers).map((a) => String(a.ipv4 ?? a.ipv6 ?? ""));
    if (q.failure === null && addrs.length > 0 && !addrs.some((a) => connected.has(a)) && !requested.has(String(q.hostname))) hosts.add(String(q.hostname));
  }
  return [...hosts];
}

describe("evidence roles per nettest and target", () => {
  it("names its source for every DNS-only lookup, and knows Signal's uptime lookup is one", () => {
    for (const e of SIGNAL_LOOKUPS) expect(e.source).toMatch(/ooni\/spec nettests\/ts-0\d\d/);
    expect(roleOf("signal", "uptime.signal.org")).toBe("dns_signal");
    expect(roleOf("signal", "Uptime.Signal.org.")).toBe("dns_signal");
    expect(roleOf("signal", "chat.signal.org")).toBe("endpoint");
    expect(roleOf("whatsapp", "uptime.signal.org")).toBe("endpoint");
  });

  it("covers every DNS-only lookup of the real files: a signal lookup in the table, or an endpoint target of the nettest", () => {
    const services: Record<string, "whatsapp" | "telegram" | "signal" | "max"> = { whatsapp: "whatsapp", telegram: "telegram", signal: "signal", web_connectivity: "max" };
    let seen = 0;
    for (const { file, m } of fixtureMeasurements()) {
      const service = services[String(m.test_name)];
      if (!service) continue;
      const endpoints = new Set(catalogTargets(service).map((t) => t.host));
      for (const host of dnsOnlyHosts(m)) {
        seen++;
        const role = roleOf(String(m.test_name), host);
        expect(role === "dns_signal" || endpoints.has(host), `${file}: ${host} resolved only, and not in the role table`).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("never scores a status lookup by endpoint rules: OONI's own ts-029 example (uptime.signal.org -> 127.0.0.1) is ok, not a D1 bogon", () => {
    const r = mapOoniMeasurement(fixtureDocument("signal-ts029-example.json"));
    if (!r.ok) throw new Error(r.message);
    expect(r.record.targets.map((t) => t.host)).not.toContain("uptime.signal.org");
    const v = scoreRecord(r.record);
    expect(v).toMatchObject({ status: "ok", class: "ok", rule: "OK" });
    expect(v.targets.some((t) => t.rule === "D1")).toBe(false);
  });
});
