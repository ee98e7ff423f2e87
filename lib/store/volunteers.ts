// Volunteer accounts, probe registration and enrollment, probe authentication, heartbeats
// and the public probe registry. Secrets arrive here in the clear and leave as hashes;
// connecting addresses arrive only as keyed digests (lib/volunteers/registration-limit).
import { randomBytes } from "node:crypto";
import type { SqlExecutor, Store } from "./open";
import type { RegisteredProbe } from "../ingest/batch";
import { generateSecret, hashSecret, looksLikeSecret } from "../volunteers/secrets";
import {
  ACCOUNT_LIMITS,
  accountWindowKey,
  decideRegistration,
  REGISTRATION_LIMITS,
  windowStart,
  type RegistrationDecision,
  type RegistrationKeys,
  type WindowCounts,
  type WindowLimits,
} from "../volunteers/registration-limit";
import type { ProbeActionInput, RegisterProbeInput } from "../volunteers/requests";
import { isOffline } from "../volunteers/presence";

export const ENROLLMENT_TOKEN_TTL_MS = 7 * 24 * 3600_000;

export type ProbeStatus = "active" | "paused" | "revoked";

export interface ProbeRow {
  id: string;
  owner_id: string;
  name: string;
  country: string;
  region: string | null;
  asn: number;
  asn_name: string | null;
  network_type: "fixed" | "mobile";
  status: ProbeStatus;
  interval_s: number;
  software_version: string | null;
  created_at: Date;
  last_seen_at: Date | null;
  offline_notified_at: Date | null;
  offline_notices: number;
  daily_budget_bytes: number | null;
  last_queued: number | null;
}

const PROBE_COLUMNS = `id, owner_id, name, country, region, asn, asn_name, network_type, status, interval_s,
  software_version, created_at, last_seen_at, offline_notified_at, offline_notices, daily_budget_bytes, last_queued`;

export function toRegisteredProbe(p: ProbeRow): RegisteredProbe {
  return { id: p.id, ownerId: p.owner_id, country: p.country, asn: p.asn, region: p.region, networkType: p.network_type };
}

function newId(prefix: string): string {
  return prefix + randomBytes(8).toString("hex");
}

export type WindowRefusal = Extract<RegistrationDecision, { allowed: false }>;

/**
 * Counts one more action for the address's and network's digests (and, for a probe
 * registration, the account's) in the current window, inside `tx`, if the limits allow it.
 * Expired windows are deleted first, so no digest of an address outlives its window.
 */
export async function takeWindowSlot(tx: SqlExecutor, keys: RegistrationKeys, limits: WindowLimits, now: Date, ownerId?: string): Promise<RegistrationDecision> {
  const start = windowStart(now, limits.windowMs);
  await tx.query("DELETE FROM registration_windows WHERE window_start < $1", [start.toISOString()]);
  const counted = [keys.address, keys.network, ...(ownerId ? [accountWindowKey(ownerId)] : [])];
  // Serialise actions from the same keys (row locks once the rows exist).
  const rows = await tx.query<{ key: string; count: number }>(
    "SELECT key, count FROM registration_windows WHERE key = ANY($1::text[]) AND window_start = $2 FOR UPDATE",
    [counted, start.toISOString()],
  );
  const count = (k: string) => rows.find((r) => r.key === k)?.count ?? 0;
  let account: WindowCounts["account"];
  if (ownerId) {
    const [held] = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM probes WHERE owner_id = $1 AND status <> 'revoked'", [ownerId]);
    account = { registered: count(accountWindowKey(ownerId)), held: held.n };
  }
  const decision = decideRegistration({ address: count(keys.address), network: count(keys.network), account }, now, limits);
  if (!decision.allowed) return decision;
  await tx.query(
    `INSERT INTO registration_windows (key, window_start, count) SELECT unnest($1::text[]), $2, 1
     ON CONFLICT (key, window_start) DO UPDATE SET count = registration_windows.count + 1`,
    [counted, start.toISOString()],
  );
  return decision;
}

/**
 * Creates a volunteer account if the client's window allows it (`keys` from
 * registrationKeys(..., "account")); the returned key is shown once and never stored.
 */
export async function createOwner(
  store: Store,
  contact: string | null,
  keys: RegistrationKeys,
  now: Date = new Date(),
): Promise<{ ok: true; ownerId: string; key: string } | { ok: false; decision: WindowRefusal }> {
  const key = generateSecret("ownerKey");
  const ownerId = newId("own_");
  return store.transaction(async (tx) => {
    const decision = await takeWindowSlot(tx, keys, ACCOUNT_LIMITS, now);
    if (!decision.allowed) return { ok: false as const, decision };
    await tx.query("INSERT INTO owners (id, key_hash, contact) VALUES ($1, $2, $3)", [ownerId, hashSecret(key), contact]);
    return { ok: true as const, ownerId, key };
  });
}

export async function findOwnerByKey(store: Store, key: string): Promise<{ id: string; contact: string | null } | null> {
  if (!looksLikeSecret("ownerKey", key)) return null;
  const owner = await store.prisma.owner.findUnique({ where: { key_hash: hashSecret(key) } });
  return owner ? { id: owner.id, contact: owner.contact } : null;
}

export type RegisterResult =
  | { ok: true; probeId: string; enrollmentToken: string; expiresAt: Date }
  | { ok: false; decision: WindowRefusal };

/**
 * Registers a probe for `ownerId` if the connecting address's window allows it. Counting,
 * deciding and inserting happen in one transaction; expired windows are deleted first, so
 * no digest of an address outlives its window.
 */
export async function registerProbe(
  store: Store,
  ownerId: string,
  input: RegisterProbeInput,
  keys: RegistrationKeys,
  now: Date = new Date(),
): Promise<RegisterResult> {
  const token = generateSecret("enrollmentToken");
  const probeId = newId("prb_");
  const expiresAt = new Date(now.getTime() + ENROLLMENT_TOKEN_TTL_MS);
  return store.transaction(async (tx) => {
    const decision = await takeWindowSlot(tx, keys, REGISTRATION_LIMITS, now, ownerId);
    if (!decision.allowed) return { ok: false as const, decision };
    await tx.query(
      `INSERT INTO probes (id, owner_id, name, country, region, asn, asn_name, network_type, status, simulated, created_at,
         interval_s, daily_budget_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', false, $9, COALESCE($10, 600), $11)`,
      [probeId, ownerId, input.name, input.country, input.region ?? null, input.asn, input.asn_name ?? null, input.network_type, now.toISOString(),
        input.interval_s ?? null, input.daily_budget_bytes ?? null],
    );
    await tx.query("INSERT INTO enrollment_tokens (token_hash, probe_id, expires_at) VALUES ($1, $2, $3)", [
      hashSecret(token),
      probeId,
      expiresAt.toISOString(),
    ]);
    return { ok: true as const, probeId, enrollmentToken: token, expiresAt };
  });
}

export type EnrollResult = { ok: true; probeId: string; credential: string } | { ok: false; reason: "unknown" | "used" | "expired" | "revoked" };

/** Exchanges a one-time enrollment token for a fresh probe credential (replacing any earlier one). */
export async function enrollProbe(store: Store, token: string, softwareVersion: string | null, now: Date = new Date()): Promise<EnrollResult> {
  if (!looksLikeSecret("enrollmentToken", token)) return { ok: false, reason: "unknown" };
  const credential = generateSecret("probeCredential");
  return store.transaction(async (tx) => {
    const [row] = await tx.query<{ probe_id: string; expires_at: Date; used_at: Date | null; status: string }>(
      `SELECT t.probe_id, t.expires_at, t.used_at, p.status FROM enrollment_tokens t JOIN probes p ON p.id = t.probe_id
       WHERE t.token_hash = $1 FOR UPDATE OF t`,
      [hashSecret(token)],
    );
    if (!row) return { ok: false as const, reason: "unknown" as const };
    if (row.used_at) return { ok: false as const, reason: "used" as const };
    if (new Date(row.expires_at).getTime() < now.getTime()) return { ok: false as const, reason: "expired" as const };
    if (row.status === "revoked") return { ok: false as const, reason: "revoked" as const };
    await tx.query("UPDATE enrollment_tokens SET used_at = $2 WHERE token_hash = $1", [hashSecret(token), now.toISOString()]);
    await tx.query("UPDATE probes SET credential_hash = $2, software_version = COALESCE($3, software_version) WHERE id = $1", [
      row.probe_id,
      hashSecret(credential),
      softwareVersion,
    ]);
    return { ok: true as const, probeId: row.probe_id, credential };
  });
}

export async function findProbeByCredential(store: Store, credential: string): Promise<ProbeRow | null> {
  if (!looksLikeSecret("probeCredential", credential)) return null;
  const rows = await store.prisma.$queryRawUnsafe<ProbeRow[]>(`SELECT ${PROBE_COLUMNS} FROM probes WHERE credential_hash = $1`, hashSecret(credential));
  return rows[0] ?? null;
}

export async function findProbe(store: Store, id: string): Promise<ProbeRow | null> {
  const rows = await store.prisma.$queryRawUnsafe<ProbeRow[]>(`SELECT ${PROBE_COLUMNS} FROM probes WHERE id = $1`, id);
  return rows[0] ?? null;
}

export interface OwnerProbe extends ProbeRow {
  /** Rounds stored from this probe, and when the first one started. */
  rounds: number;
  first_round_at: Date | null;
}

/** The owner's probes, with how far each got (the registration page waits on this). */
export async function listOwnerProbes(store: Store, ownerId: string): Promise<OwnerProbe[]> {
  const rows = await store.prisma.$queryRawUnsafe<(ProbeRow & { rounds: bigint | number; first_round_at: Date | null })[]>(
    `SELECT ${PROBE_COLUMNS.replace(/(\w+)/g, "p.$1")}, r.rounds, r.first_round_at FROM probes p
     CROSS JOIN LATERAL (SELECT count(DISTINCT round_id) AS rounds, min(started_at) AS first_round_at FROM measurements m WHERE m.probe_id = p.id) r
     WHERE p.owner_id = $1 ORDER BY p.created_at`,
    ownerId,
  );
  return rows.map((r) => ({ ...r, rounds: Number(r.rounds) }));
}

/** Marks the probe seen (heard from again clears its offline notice) and counts the heartbeat per hour. */
export async function recordHeartbeat(
  store: Store,
  probeId: string,
  beat: { software_version?: string | null; queued: number },
  now: Date = new Date(),
): Promise<void> {
  const hour = new Date(now);
  hour.setUTCMinutes(0, 0, 0);
  await store.transaction(async (tx) => {
    await tx.query(
      "UPDATE probes SET last_seen_at = $2, offline_notified_at = NULL, software_version = COALESCE($3, software_version), last_queued = $4 WHERE id = $1",
      [probeId, now.toISOString(), beat.software_version ?? null, beat.queued],
    );
    await tx.query(
      `INSERT INTO probe_heartbeat_hours (probe_id, hour, heartbeats, max_queued) VALUES ($1, $2, 1, $3)
       ON CONFLICT (probe_id, hour) DO UPDATE SET heartbeats = probe_heartbeat_hours.heartbeats + 1,
         max_queued = GREATEST(probe_heartbeat_hours.max_queued, EXCLUDED.max_queued)`,
      [probeId, hour.toISOString(), beat.queued],
    );
  });
}

/** An upload is a sign of life too. */
export async function touchProbe(store: Store, probeId: string, now: Date = new Date()): Promise<void> {
  await store.prisma.$executeRawUnsafe("UPDATE probes SET last_seen_at = $2, offline_notified_at = NULL WHERE id = $1", probeId, now);
}

export type OwnerAction = ProbeActionInput | { action: "remove" };

export type OwnerActionResult =
  | { ok: true; enrollmentToken?: string; expiresAt?: Date }
  | { ok: false; reason: "not_found" | "revoked" };

/**
 * An owner's action on one of their own probes. Rotating drops the current credential
 * and issues a fresh enrollment token: the probe re-enrolls with it. Revoking is for good
 * (as the operator's), and keeps the credential's hash so the probe hears 403 and stops.
 */
export async function ownerProbeAction(
  store: Store,
  ownerId: string,
  probeId: string,
  input: OwnerAction,
  now: Date = new Date(),
): Promise<OwnerActionResult> {
  const action = input.action;
  return store.transaction(async (tx) => {
    const [probe] = await tx.query<{ status: string }>("SELECT status FROM probes WHERE id = $1 AND owner_id = $2 FOR UPDATE", [probeId, ownerId]);
    if (!probe) return { ok: false as const, reason: "not_found" as const };
    // A revocation outlives anything the owner does, removal included: deleting the row
    // would turn the probe's 403 into 401 and free its registry entry, erasing the operator's decision.
    if (probe.status === "revoked") return { ok: false as const, reason: "revoked" as const };
    if (action === "remove") {
      // Measurements keep their probe id as provenance; the registry entry and its secrets go.
      await tx.query("DELETE FROM probes WHERE id = $1", [probeId]);
      return { ok: true as const };
    }
    if (action === "pause" || action === "resume") {
      await tx.query("UPDATE probes SET status = $2 WHERE id = $1", [probeId, action === "pause" ? "paused" : "active"]);
      return { ok: true as const };
    }
    if (input.action === "rename") {
      await tx.query("UPDATE probes SET name = $2 WHERE id = $1", [probeId, input.name]);
      return { ok: true as const };
    }
    if (action === "revoke") {
      await tx.query("UPDATE probes SET status = 'revoked' WHERE id = $1", [probeId]);
      await tx.query("DELETE FROM enrollment_tokens WHERE probe_id = $1", [probeId]);
      return { ok: true as const };
    }
    const token = generateSecret("enrollmentToken");
    const expiresAt = new Date(now.getTime() + ENROLLMENT_TOKEN_TTL_MS);
    await tx.query("UPDATE probes SET credential_hash = NULL WHERE id = $1", [probeId]);
    await tx.query("DELETE FROM enrollment_tokens WHERE probe_id = $1", [probeId]);
    await tx.query("INSERT INTO enrollment_tokens (token_hash, probe_id, expires_at) VALUES ($1, $2, $3)", [
      hashSecret(token),
      probeId,
      expiresAt.toISOString(),
    ]);
    return { ok: true as const, enrollmentToken: token, expiresAt };
  });
}

/**
 * Operator revocation: permanent; pending tokens are deleted. The credential's hash is
 * kept so the probe is told 403 (revoked) rather than 401 (unknown) and stops retrying.
 */
export async function revokeProbe(store: Store, probeId: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const updated = await tx.query<{ id: string }>("UPDATE probes SET status = 'revoked' WHERE id = $1 RETURNING id", [probeId]);
    await tx.query("DELETE FROM enrollment_tokens WHERE probe_id = $1", [probeId]);
    return updated.length > 0;
  });
}

export interface RegistryEntry extends ProbeRow {
  measurements: number;
}

/** Every volunteer probe with its contribution (simulated probes are not volunteers). */
export async function listRegistry(store: Store): Promise<RegistryEntry[]> {
  const rows = await store.prisma.$queryRawUnsafe<(ProbeRow & { measurements: bigint | number })[]>(
    `SELECT ${PROBE_COLUMNS.replace(/(\w+)/g, "p.$1")},
       COALESCE((SELECT count(*) FROM measurements m WHERE m.probe_id = p.id), 0) AS measurements
     FROM probes p WHERE NOT p.simulated ORDER BY p.country, p.name, p.id`,
  );
  return rows.map((r) => ({ ...r, measurements: Number(r.measurements) }));
}

export interface ProbeHistoryDay {
  day: string;
  measurements: number;
  /** The server's verdicts of those measurements, by class (the probe's own timeline). */
  classes: Record<"ok" | "anomaly" | "confirmed" | "failure", number>;
  heartbeats: number;
  maxQueued: number;
  /** Measurements stored with at least one flag (network mismatch, clock, probe id). */
  flagged: number;
}

/** Per UTC day over the last `days`: measurements contributed (and flagged) and heartbeats received. */
export async function probeHistory(store: Store, probeId: string, now: Date = new Date(), days = 30): Promise<ProbeHistoryDay[]> {
  const since = new Date(now.getTime() - days * 86400_000);
  const [measured, beats] = await Promise.all([
    store.prisma.$queryRawUnsafe<{ day: string; n: bigint | number; f: bigint | number; ok: bigint | number; anomaly: bigint | number; confirmed: bigint | number; failure: bigint | number }[]>(
      `SELECT to_char(date_trunc('day', started_at), 'YYYY-MM-DD') AS day, count(*) AS n,
         count(*) FILTER (WHERE cardinality(flags) > 0) AS f,
         count(*) FILTER (WHERE class = 'ok') AS ok, count(*) FILTER (WHERE class = 'anomaly') AS anomaly,
         count(*) FILTER (WHERE class = 'confirmed') AS confirmed, count(*) FILTER (WHERE class = 'failure') AS failure
       FROM measurements
       WHERE probe_id = $1 AND started_at >= $2 GROUP BY 1`,
      probeId,
      since,
    ),
    store.prisma.$queryRawUnsafe<{ day: string; n: bigint | number; q: number }[]>(
      `SELECT to_char(date_trunc('day', hour), 'YYYY-MM-DD') AS day, sum(heartbeats) AS n, max(max_queued) AS q
       FROM probe_heartbeat_hours WHERE probe_id = $1 AND hour >= $2 GROUP BY 1`,
      probeId,
      since,
    ),
  ]);
  const byDay = new Map<string, ProbeHistoryDay>();
  const none = { ok: 0, anomaly: 0, confirmed: 0, failure: 0 };
  const day = (d: string) => byDay.get(d) ?? { day: d, measurements: 0, classes: none, heartbeats: 0, maxQueued: 0, flagged: 0 };
  for (const m of measured) {
    const classes = { ok: Number(m.ok), anomaly: Number(m.anomaly), confirmed: Number(m.confirmed), failure: Number(m.failure) };
    byDay.set(m.day, { ...day(m.day), measurements: Number(m.n), flagged: Number(m.f), classes });
  }
  for (const b of beats) byDay.set(b.day, { ...day(b.day), heartbeats: Number(b.n), maxQueued: Number(b.q) });
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

export interface ProbeActivity {
  /** Rounds (distinct round ids) and uploads (distinct batches: one receive time each) per window. */
  rounds24h: number;
  uploads24h: number;
  rounds7d: number;
  uploads7d: number;
  measurements: number;
  /** UTC days with at least one measurement. */
  daysActive: number;
}

/** What a probe did: the probe page's activity and contribution figures. */
export async function probeActivity(store: Store, probeId: string, now: Date = new Date()): Promise<ProbeActivity> {
  const [r] = await store.prisma.$queryRawUnsafe<Record<string, bigint | number>[]>(
    `SELECT count(DISTINCT round_id) FILTER (WHERE started_at >= $2) AS rounds_24h,
       count(DISTINCT received_at) FILTER (WHERE received_at >= $2) AS uploads_24h,
       count(DISTINCT round_id) FILTER (WHERE started_at >= $3) AS rounds_7d,
       count(DISTINCT received_at) FILTER (WHERE received_at >= $3) AS uploads_7d,
       count(*) AS measurements, count(DISTINCT date_trunc('day', started_at)) AS days_active
     FROM measurements WHERE probe_id = $1`,
    probeId,
    new Date(now.getTime() - 86400_000),
    new Date(now.getTime() - 7 * 86400_000),
  );
  return {
    rounds24h: Number(r.rounds_24h), uploads24h: Number(r.uploads_24h), rounds7d: Number(r.rounds_7d), uploads7d: Number(r.uploads_7d),
    measurements: Number(r.measurements), daysActive: Number(r.days_active),
  };
}

/** Distinct owners of the active volunteer probes in a network (the detector's quorum counts owners). */
export async function networkOwners(store: Store, network: { country: string; asn: number }): Promise<number> {
  const [r] = await store.prisma.$queryRawUnsafe<{ n: bigint | number }[]>(
    `SELECT count(DISTINCT owner_id) AS n FROM probes WHERE country = $1 AND asn = $2 AND status = 'active' AND NOT simulated AND NOT reference`,
    network.country,
    network.asn,
  );
  return Number(r.n);
}

/** How many of the probe's measurements over the last `days` carry each flag, most frequent first. */
export async function probeFlagCounts(store: Store, probeId: string, now: Date = new Date(), days = 30): Promise<{ flag: string; count: number }[]> {
  const rows = await store.prisma.$queryRawUnsafe<{ flag: string; n: bigint | number }[]>(
    `SELECT f AS flag, count(*) AS n FROM measurements, unnest(flags) AS f
     WHERE probe_id = $1 AND started_at >= $2 GROUP BY 1 ORDER BY 2 DESC, 1`,
    probeId,
    new Date(now.getTime() - days * 86400_000),
  );
  return rows.map((r) => ({ flag: r.flag, count: Number(r.n) }));
}

export interface OfflineNotice {
  probeId: string;
  probeName: string;
  ownerContact: string | null;
  lastSeenAt: Date | null;
}

/**
 * Claims the probes that went offline and whose owner has not been told yet: each is
 * marked notified in the same statement, so one notice goes out per probe per outage.
 */
export async function claimOfflineNotices(store: Store, now: Date = new Date()): Promise<OfflineNotice[]> {
  return store.transaction(async (tx) => {
    const candidates = await tx.query<{ id: string; name: string; contact: string | null; last_seen_at: Date | null; interval_s: number }>(
      `SELECT p.id, p.name, o.contact, p.last_seen_at, p.interval_s FROM probes p JOIN owners o ON o.id = p.owner_id
       WHERE p.status = 'active' AND NOT p.simulated AND p.offline_notified_at IS NULL AND p.last_seen_at IS NOT NULL
       FOR UPDATE OF p`,
    );
    const offline = candidates.filter((c) => isOffline(c.last_seen_at && new Date(c.last_seen_at), c.interval_s, now));
    if (offline.length > 0) {
      await tx.query("UPDATE probes SET offline_notified_at = $2, offline_notices = offline_notices + 1 WHERE id = ANY($1::text[])", [
        offline.map((o) => o.id),
        now.toISOString(),
      ]);
    }
    return offline.map((o) => ({ probeId: o.id, probeName: o.name, ownerContact: o.contact, lastSeenAt: o.last_seen_at && new Date(o.last_seen_at) }));
  });
}
