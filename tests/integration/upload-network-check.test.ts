// The upload's network check through a real HTTP server in front of the route handlers:
// with VANTAGE_MMDB_PATH naming an MMDB file (written by tests/helpers/mmdb-writer.ts),
// batches sent from different loopback addresses (127.0.0.x, each a network of its own in
// the file) are flagged when the address's network differs from the probe's registered
// one, and no table and no log line holds the address afterwards.
import http from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import ProbePage from "../../app/(site)/probes/[id]/page";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { storeFactories } from "../helpers/stores";
import { api, dumpAllTables, startApiServer } from "../helpers/volunteer-api";
import { writeMmdb } from "../helpers/mmdb-writer";
import { okRecord } from "../unit/fixtures/records";

const PROBE = { name: "Balcony Pi", country: "RU", region: "Moscow", asn: 12389, asn_name: "Rostelecom", network_type: "fixed" };
const geo = (asn: number, cc: string) => ({ autonomous_system_number: asn, autonomous_system_organization: `AS${asn}`, country: { iso_code: cc } });

/** Connecting addresses of the test and what the database says of each. */
const FROM = {
  matching: "127.0.0.2", // AS12389, RU: the registered network
  otherNetwork: "127.0.0.3", // AS3320, DE
  otherCountry: "127.0.0.4", // AS12389, KZ
  unknown: "127.0.0.5", // not in the database
};

const dir = mkdtempSync(path.join(tmpdir(), "vantage-upload-mmdb-"));
const mmdbPath = path.join(dir, "asn-country.mmdb");
writeFileSync(
  mmdbPath,
  writeMmdb([
    { cidr: `${FROM.matching}/32`, data: geo(12389, "RU") },
    { cidr: `${FROM.otherNetwork}/32`, data: geo(3320, "DE") },
    { cidr: `${FROM.otherCountry}/32`, data: geo(12389, "KZ") },
  ], { databaseType: "Vantage-Test-ASN-Country" }),
);

/** POST /api/v1/measurements over TCP from `localAddress`, as a probe on that address would. */
function upload(url: string, localAddress: string, credential: string, records: unknown[]): Promise<{ status: number; body: any }> {
  const body = JSON.stringify({ records });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/v1/measurements`,
      { method: "POST", localAddress, headers: { authorization: `Bearer ${credential}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Records as the enrolled probe makes them (its own id in `probe.id`, started now). */
const batch = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const r = okRecord((["whatsapp", "telegram", "max"] as const)[i % 3], {}, { started_at: new Date().toISOString() });
    return { ...r, probe: { ...r.probe, id: probeId } };
  });
let probeId = "";

afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const factory of storeFactories()) {
  describe(`upload network check on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let server: Awaited<ReturnType<typeof startApiServer>>;
    let credential: string;
    const logged: string[] = [];

    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
      server = await startApiServer();
      const account = await api("POST", "/api/v1/probes/accounts", { body: { contact: null } });
      const reg = await api("POST", "/api/v1/probes", { auth: account.body.key, body: PROBE, from: "192.0.2.77" });
      probeId = reg.body.probe_id;
      credential = (await api("POST", "/api/v1/probes/enroll", { body: { token: reg.body.enrollment_token } })).body.credential;
      for (const method of ["log", "info", "warn", "error"] as const) {
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
      }
    });
    afterAll(async () => {
      vi.restoreAllMocks();
      await server?.stop();
      setStoreForTests(null);
      await dispose?.();
    });
    afterEach(() => {
      delete process.env.VANTAGE_MMDB_PATH;
    });

    async function flagsOf(ids: string[]): Promise<string[][]> {
      const rows = await store.prisma.$queryRawUnsafe<{ id: string; flags: string[] }[]>("SELECT id::text, flags FROM measurements WHERE id = ANY($1::uuid[])", ids);
      const byId = new Map(rows.map((r) => [r.id, r.flags]));
      return ids.map((id) => byId.get(id) ?? ["(missing)"]);
    }

    it("flags every record of a batch from another network, and none from the registered one", async () => {
      process.env.VANTAGE_MMDB_PATH = mmdbPath;
      const cases: [string, string[]][] = [
        [FROM.matching, []],
        [FROM.otherNetwork, ["asn_mismatch", "country_mismatch"]],
        [FROM.otherCountry, ["country_mismatch"]],
        [FROM.unknown, ["asn_unknown"]],
      ];
      for (const [from, expected] of cases) {
        const records = batch(3);
        const res = await upload(server.url, from, credential, records);
        expect(res.status, from).toBe(200);
        expect(res.body.stored).toHaveLength(3);
        expect(await flagsOf(records.map((r) => r.id)), from).toEqual(records.map(() => expected));
      }
      // The registered network is what is stored, whatever the address said.
      const [row] = await store.prisma.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM measurements WHERE asn <> 12389 OR country <> 'RU'");
      expect(row.n).toBe(0);
    });

    it("acknowledges a batch re-sent from another network as duplicates (the first flags stay)", async () => {
      process.env.VANTAGE_MMDB_PATH = mmdbPath;
      const records = batch(2);
      expect((await upload(server.url, FROM.matching, credential, records)).status).toBe(200);
      const again = await upload(server.url, FROM.otherNetwork, credential, records);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ stored: [], duplicates: records.map((r) => r.id) });
      expect(await flagsOf(records.map((r) => r.id))).toEqual([[], []]);
    });

    it("adds no flag without a database, and goes on without the check when the file is unreadable", async () => {
      const plain = batch(2);
      expect((await upload(server.url, FROM.otherNetwork, credential, plain)).status).toBe(200);
      expect(await flagsOf(plain.map((r) => r.id))).toEqual([[], []]);

      const broken = path.join(dir, `broken-${factory.name}.mmdb`);
      writeFileSync(broken, "not a database");
      process.env.VANTAGE_MMDB_PATH = broken;
      const before = logged.length;
      for (let i = 0; i < 3; i++) {
        const records = batch(1);
        const res = await upload(server.url, FROM.otherNetwork, credential, records);
        expect(res.status).toBe(200);
        expect(await flagsOf(records.map((r) => r.id))).toEqual([[]]);
      }
      const errors = logged.slice(before).filter((l) => l.includes("VANTAGE_MMDB_PATH"));
      expect(errors).toEqual([expect.stringContaining(`VANTAGE_MMDB_PATH=${broken}: not a readable MaxMind DB file`)]);
    });

    it("shows the flags on the probe's page", async () => {
      const html = renderToStaticMarkup(await ProbePage({ params: Promise.resolve({ id: probeId }) }));
      const flagsTable = html.slice(html.indexOf('data-testid="probe-flags"'));
      // From the first case: 3 records from another network, 3 from another country, 3 unknown.
      expect(flagsTable).toContain("<code>country_mismatch</code></td><td>6</td>");
      expect(flagsTable).toContain("<code>asn_mismatch</code></td><td>3</td>");
      expect(flagsTable).toContain("<code>asn_unknown</code></td><td>3</td>");
    });

    it("keeps no connecting address in any table or log line", async () => {
      const dump = await dumpAllTables(store);
      for (const address of Object.values(FROM)) {
        expect(dump, address).not.toContain(address);
        for (const line of logged) expect(line, address).not.toContain(address);
      }
    });
  });
}
