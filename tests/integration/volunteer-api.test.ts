// The volunteer API through its route handlers, against real stores: every status code of
// every endpoint, that rejected batches store nothing, and that no connecting address is kept.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { resetUploadLimiter } from "../../app/api/v1/probes/_lib/limits";
import { ACCOUNT_CAPS, ACCOUNT_LIMITS } from "../../lib/volunteers/registration-limit";
import { storeFactories } from "../helpers/stores";
import { api, dumpAllTables, tableChecksums } from "../helpers/volunteer-api";
import { okRecord } from "../unit/fixtures/records";

const PROBE = { name: "Kitchen Pi", country: "RU", region: "Moscow", asn: 12389, asn_name: "Rostelecom", network_type: "fixed" };
const OPERATOR = "operator-token-0123456789abcdef";

for (const factory of storeFactories()) {
  describe(`volunteer API on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let bundleDir: string;
    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
      process.env.VANTAGE_OPERATOR_TOKEN = OPERATOR;
      // A published bundle to name in install commands (its content does not matter here).
      bundleDir = mkdtempSync(join(tmpdir(), "vantage-bundle-"));
      process.env.VANTAGE_PROBE_BUNDLE = join(bundleDir, "vantage-probe.tar.gz");
      writeFileSync(process.env.VANTAGE_PROBE_BUNDLE, "not really a tarball");
    });
    afterAll(async () => {
      delete process.env.VANTAGE_PROBE_BUNDLE;
      rmSync(bundleDir, { recursive: true, force: true });
      setStoreForTests(null);
      await dispose?.();
    });
    beforeEach(() => {
      delete process.env.VANTAGE_UPLOAD_BURST;
      delete process.env.VANTAGE_MAX_BATCH_RECORDS;
      delete process.env.VANTAGE_MAX_BATCH_BYTES;
      resetUploadLimiter();
    });

    let n = 0;
    /** A fresh volunteer with one enrolled probe, registered from its own /24. */
    async function enrolledProbe() {
      n++;
      const from = `10.${n}.0.1`;
      const account = await api("POST", "/api/v1/probes/accounts", { body: { contact: null } });
      const reg = await api("POST", "/api/v1/probes", { auth: account.body.key, body: PROBE, from });
      const enrolled = await api("POST", "/api/v1/probes/enroll", { body: { token: reg.body.enrollment_token } });
      return { key: account.body.key as string, probeId: reg.body.probe_id as string, credential: enrolled.body.credential as string };
    }

    it("creates an account whose key is shown once and stored only as a hash", async () => {
      const res = await api("POST", "/api/v1/probes/accounts", { body: { contact: "https://hooks.example/abc" } });
      expect(res.status).toBe(201);
      expect(res.body.key).toMatch(/^vok_[A-Za-z0-9_-]{43}$/);
      expect(await dumpAllTables(store)).not.toContain(res.body.key);
      const bad = await api("POST", "/api/v1/probes/accounts", { body: { contact: 5, extra: true } });
      expect(bad.status).toBe(400);
      expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["", "contact"]);
      expect(bad.body.error).toBeTypeOf("string");
      expect((await api("POST", "/api/v1/probes/accounts", { raw: "{not json" })).status).toBe(400);
    });

    it("limits account creation per client address, whatever X-Forwarded-For claims", async () => {
      const create = (from: string, forwarded: string) => api("POST", "/api/v1/probes/accounts", { body: {}, from, headers: { "x-forwarded-for": forwarded } });
      for (let i = 0; i < ACCOUNT_LIMITS.perAddress; i++) expect((await create("203.0.113.50", `100.64.${i}.1`)).status).toBe(201);
      const refused = await create("203.0.113.50", "100.64.99.1");
      expect(refused.status).toBe(429);
      expect(refused.body.error).toBe(`at most ${ACCOUNT_LIMITS.perAddress} volunteer accounts may be created from one address per day`);
      expect(refused.body.issues).toEqual([]);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await create("203.0.114.50", "203.0.113.50")).status).toBe(201);
      expect((await api("POST", "/api/v1/probes/accounts", { body: {}, from: null })).status).toBe(400);
    });

    it("registers 20 volunteers behind one carrier-grade NAT address; an account past its cap gets one 429", async () => {
      // One shared mobile address (100.64/10 is the carrier-grade NAT range): 20 accounts created and 20 probes registered.
      const shared = "100.64.12.34";
      const { body: account } = await api("POST", "/api/v1/probes/accounts", { body: {}, from: shared });
      expect((await api("POST", "/api/v1/probes", { body: PROBE })).status).toBe(401);
      expect((await api("POST", "/api/v1/probes", { auth: "vok_wrong", body: PROBE })).status).toBe(401);
      const badProbe = await api("POST", "/api/v1/probes", { auth: account.key, body: { ...PROBE, country: "ru", asn: -1 } });
      expect(badProbe.status).toBe(400);
      expect(badProbe.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["asn", "country"]);

      const keys = [account.key as string];
      for (let i = 1; i < 20; i++) keys.push((await api("POST", "/api/v1/probes/accounts", { body: {}, from: shared })).body.key);
      const registered = [];
      for (const key of keys) registered.push(await api("POST", "/api/v1/probes", { auth: key, body: PROBE, from: shared }));
      expect(registered.map((r) => r.status)).toEqual(Array(20).fill(201));
      const first = registered[0];
      expect(first.body.enrollment_token).toMatch(/^vet_/);
      expect(first.body.install_command).toContain(`--token '${first.body.enrollment_token}'`);
      const sha = createHash("sha256").update("not really a tarball").digest("hex");
      expect(first.body.bundle_sha256).toBe(sha);
      expect(first.body.install_command).toContain(`echo "${sha}  $HOME/vantage-probe.tar.gz" | sha256sum -c -`);

      // The first account goes on to its daily cap of five; the next one is refused once, saying why and when.
      for (let i = 1; i < ACCOUNT_CAPS.perWindow; i++) {
        expect((await api("POST", "/api/v1/probes", { auth: account.key, body: PROBE, from: shared })).status).toBe(201);
      }
      const refused = await api("POST", "/api/v1/probes", { auth: account.key, body: PROBE, from: shared });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(86_400);
      expect(refused.body.error).toBe(`this account has registered ${ACCOUNT_CAPS.perWindow} probes today, the most one account may register in a day`);
      expect(refused.body.issues).toEqual([]);
      expect(refused.body.retry_after_s).toBe(retryAfter);
      // Another account behind the same address is not held up by that one.
      expect((await api("POST", "/api/v1/probes", { auth: keys[1], body: PROBE, from: shared })).status).toBe(201);
      expect((await api("POST", "/api/v1/probes", { auth: account.key, body: PROBE, from: null })).status).toBe(400);

      const enrolled = await api("POST", "/api/v1/probes/enroll", { body: { token: first.body.enrollment_token, software_version: "0.1.0" } });
      expect(enrolled.status).toBe(200);
      expect(enrolled.body).toEqual({ probe_id: first.body.probe_id, credential: expect.stringMatching(/^vpc_/) });
      expect((await api("POST", "/api/v1/probes/enroll", { body: { token: first.body.enrollment_token } })).status).toBe(401);
      expect((await api("POST", "/api/v1/probes/enroll", { body: { token: "vet_nope" } })).status).toBe(401);
      expect((await api("POST", "/api/v1/probes/enroll", { body: {} })).status).toBe(400);

      const mine = await api("GET", "/api/v1/probes", { auth: account.key });
      expect(mine.status).toBe(200);
      expect(mine.body.probes).toHaveLength(ACCOUNT_CAPS.perWindow);

      const dump = await dumpAllTables(store);
      for (const secret of [account.key, first.body.enrollment_token, enrolled.body.credential]) expect(dump).not.toContain(secret);
      for (const address of [shared, "100.64.12."]) expect(dump).not.toContain(address);
    });

    it("serves config and takes heartbeats from an enrolled probe", async () => {
      const p = await enrolledProbe();
      expect((await api("GET", "/api/v1/probes/me/config")).status).toBe(401);
      expect((await api("GET", "/api/v1/probes/me/config", { auth: "vpc_unknown" })).status).toBe(401);
      const cfg = await api("GET", "/api/v1/probes/me/config", { auth: p.credential });
      expect(cfg.status).toBe(200);
      expect(cfg.body.schedule.interval_s).toBe(600);
      expect(cfg.body.probe).toMatchObject({ id: p.probeId, country: "RU", asn: 12389, status: "active" });
      expect(cfg.body.services).toContain("whatsapp");
      expect(Math.abs(Date.parse(cfg.body.server_time) - Date.now())).toBeLessThan(60_000);
      const beat = await api("POST", "/api/v1/probes/me/heartbeat", { auth: p.credential, body: { queued: 3, software_version: "0.1.0" } });
      expect(beat.status).toBe(200);
      expect((await api("POST", "/api/v1/probes/me/heartbeat", { auth: p.credential, body: { queued: -1 } })).status).toBe(400);
      const row = await store.prisma.probe.findUnique({ where: { id: p.probeId } });
      expect(row?.last_seen_at).not.toBeNull();
      expect(await store.prisma.probeHeartbeatHour.count({ where: { probe_id: p.probeId } })).toBe(1);
    });

    it("stores an authenticated batch under the registered network; duplicates, conflicts and invalid batches", async () => {
      const p = await enrolledProbe();
      const rec = okRecord("whatsapp", {}, { started_at: new Date().toISOString() });
      const post = (records: unknown[], auth = p.credential) => api("POST", "/api/v1/measurements", { auth, body: { records } });
      expect((await post([rec], "vpc_unknown")).status).toBe(401);
      const ok = await post([rec]);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ stored: [rec.id], duplicates: [] });
      const row = await store.prisma.measurement.findFirst({ where: { id: rec.id } });
      expect(row).toMatchObject({ probe_id: p.probeId, country: "RU", asn: 12389, network_type: "fixed" });
      expect((await post([rec])).body).toEqual({ stored: [], duplicates: [rec.id] });

      const before = await tableChecksums(store);
      const conflict = await post([{ ...rec, runtime_ms: rec.runtime_ms + 1 }]);
      expect(conflict.status).toBe(409);
      const fresh = okRecord("telegram", {}, { started_at: new Date().toISOString() });
      const invalid = await post([fresh, { ...rec, id: "not-a-uuid", service: "icq" }]);
      expect(invalid.status).toBe(400);
      expect(invalid.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["records.1.id", "records.1.service"]));
      expect((await api("POST", "/api/v1/measurements", { auth: p.credential, raw: "[1,2" })).status).toBe(400);
      expect((await api("POST", "/api/v1/measurements", { auth: p.credential, body: [fresh] })).status).toBe(400);
      expect((await post([])).status).toBe(400);
      expect(await tableChecksums(store)).toEqual(before);
    });

    it("refuses batches over the record and byte limits (declared or counted) with 413", async () => {
      const p = await enrolledProbe();
      process.env.VANTAGE_MAX_BATCH_RECORDS = "2";
      process.env.VANTAGE_MAX_BATCH_BYTES = "200000";
      const before = await tableChecksums(store);
      const three = [0, 1, 2].map(() => okRecord("max", {}, { started_at: new Date().toISOString() }));
      const tooMany = await api("POST", "/api/v1/measurements", { auth: p.credential, body: { records: three } });
      expect(tooMany.status).toBe(413);
      expect(tooMany.body.issues[0].path).toBe("records");
      const declared = await api("POST", "/api/v1/measurements", { auth: p.credential, body: { records: three.slice(0, 1) }, headers: { "content-length": "300000" } });
      expect(declared.status).toBe(413);
      // No Content-Length at all: a streamed body is counted as it arrives.
      const big = JSON.stringify({ records: [{ ...three[0], padding: "x".repeat(300_000) }] });
      const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
      const { callApi } = await import("../helpers/volunteer-api");
      const streamed = await callApi(new Request("http://vantage.test/api/v1/measurements", {
        method: "POST", headers: { authorization: `Bearer ${p.credential}` }, body: stream, duplex: "half",
      } as RequestInit));
      expect(streamed.status).toBe(413);
      expect(await tableChecksums(store)).toEqual(before);
    });

    it("limits each probe's upload rate with 429", async () => {
      const p = await enrolledProbe();
      process.env.VANTAGE_UPLOAD_BURST = "2";
      resetUploadLimiter();
      const post = () => api("POST", "/api/v1/measurements", { auth: p.credential, body: { records: [okRecord("max", {}, { started_at: new Date().toISOString() })] } });
      expect((await post()).status).toBe(200);
      expect((await post()).status).toBe(200);
      const limited = await post();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.body.error).toMatch(/too many uploads/);
    });

    it("lets the owner rename, pause, resume, rotate, revoke and remove, and the operator revoke", async () => {
      const p = await enrolledProbe();
      const other = await enrolledProbe();
      const post = (credential: string) => api("POST", "/api/v1/measurements", { auth: credential, body: { records: [okRecord("telegram", {}, { started_at: new Date().toISOString() })] } });
      expect((await api("POST", `/api/v1/probes/${p.probeId}`, { auth: other.key, body: { action: "pause" } })).status).toBe(404);
      expect((await api("POST", `/api/v1/probes/${p.probeId}`, { auth: p.key, body: { action: "explode" } })).status).toBe(400);
      expect((await api("POST", `/api/v1/probes/${p.probeId}`, { auth: p.key, body: { action: "pause" } })).status).toBe(200);
      const paused = await post(p.credential);
      expect(paused.status).toBe(403);
      expect(paused.body.error).toMatch(/paused/);
      expect((await api("GET", "/api/v1/probes/me/config", { auth: p.credential })).body.probe.status).toBe("paused");
      expect((await api("POST", `/api/v1/probes/${p.probeId}`, { auth: p.key, body: { action: "resume" } })).status).toBe(200);
      expect((await post(p.credential)).status).toBe(200);

      const rotated = await api("POST", `/api/v1/probes/${p.probeId}`, { auth: p.key, body: { action: "rotate" } });
      expect(rotated.status).toBe(200);
      expect((await post(p.credential)).status).toBe(401);
      const again = await api("POST", "/api/v1/probes/enroll", { body: { token: rotated.body.enrollment_token } });
      expect(again.status).toBe(200);
      expect((await post(again.body.credential)).status).toBe(200);

      const revokePath = `/api/v1/probes/${p.probeId}/revoke`;
      expect((await api("POST", revokePath)).status).toBe(401);
      expect((await api("POST", revokePath, { auth: "wrong-operator-token-xxxxxx" })).status).toBe(401);
      expect((await api("POST", "/api/v1/probes/prb_none/revoke", { auth: OPERATOR })).status).toBe(404);
      expect((await api("POST", revokePath, { auth: OPERATOR })).status).toBe(200);
      const revoked = await post(again.body.credential);
      expect(revoked.status).toBe(403);
      expect(revoked.body.error).toMatch(/revoked/);
      expect((await api("POST", `/api/v1/probes/${p.probeId}`, { auth: p.key, body: { action: "resume" } })).status).toBe(403);

      expect((await api("DELETE", `/api/v1/probes/${other.probeId}`, { auth: other.key })).status).toBe(200);
      expect((await post(other.credential)).status).toBe(401);
      expect((await api("DELETE", `/api/v1/probes/${other.probeId}`, { auth: other.key })).status).toBe(404);

      // The owner renames (within the name's limits) and revokes for good.
      const mine = await enrolledProbe();
      expect((await api("POST", `/api/v1/probes/${mine.probeId}`, { auth: mine.key, body: { action: "rename", name: "" } })).status).toBe(400);
      expect((await api("POST", `/api/v1/probes/${mine.probeId}`, { auth: mine.key, body: { action: "rename", name: "Dacha Pi" } })).status).toBe(200);
      expect((await api("GET", "/api/v1/probes/me/config", { auth: mine.credential })).body.probe.name).toBe("Dacha Pi");
      expect((await api("POST", `/api/v1/probes/${mine.probeId}`, { auth: mine.key, body: { action: "revoke" } })).status).toBe(200);
      expect((await post(mine.credential)).status).toBe(403);
      expect((await api("POST", `/api/v1/probes/${mine.probeId}`, { auth: mine.key, body: { action: "rotate" } })).status).toBe(403);
    });
  });
}
