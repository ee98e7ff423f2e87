// Who is calling: a probe (credential) or a volunteer (owner key); the operator's check is
// lib/http's requireOperator. Each failure is an HttpError with the right status.
import { config } from "@/lib/config";
import type { Store } from "@/lib/store/open";
import { findOwnerByKey, findProbeByCredential, type ProbeRow } from "@/lib/store/volunteers";
import { HttpError, requireBearer, unknownCredential } from "@/lib/http";

/** The calling probe; 401 unknown credential, 403 paused or revoked (unless `allowPaused`). */
export async function authenticateProbe(store: Store, request: Request, options: { allowPaused?: boolean } = {}): Promise<ProbeRow> {
  const credential = requireBearer(request, "probe credential");
  const probe = await findProbeByCredential(store, credential);
  if (!probe) throw unknownCredential("unknown probe credential (re-enroll with a fresh token)", "unknown credential");
  if (probe.status === "revoked") throw probeRefused("this probe was revoked by the operator", "probe_revoked");
  if (probe.status === "paused" && !options.allowPaused) throw probeRefused("this probe is paused by its owner", "probe_paused");
  return probe;
}

export async function authenticateOwner(store: Store, request: Request): Promise<{ id: string; contact: string | null }> {
  const key = requireBearer(request, "volunteer key");
  const owner = await findOwnerByKey(store, key);
  if (!owner) throw unknownCredential("unknown volunteer key", "unknown key");
  return owner;
}

function probeRefused(message: string, code: string): HttpError {
  return new HttpError(403, message, { code, issues: [{ in: "header", path: "authorization", message }] });
}

/**
 * The connecting address, for the registration rate limit (reduced to keyed digests at
 * once) and the upload's network check (looked up, then dropped); never stored. Behind a
 * reverse proxy the last X-Forwarded-For entry is the one the proxy nearest to us saw;
 * Next.js's own server sets the header when absent.
 */
export function connectingAddress(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last ?? request.headers.get("x-real-ip");
}

/**
 * The secret the registration digests are keyed with. Without VANTAGE_REGISTRATION_SECRET
 * a random per-process one is used: stronger (nothing to leak) but a restart resets windows.
 */
const secretKey = Symbol.for("vantage.registration-secret");
export function registrationSecret(): string {
  const g = globalThis as unknown as Record<symbol, string | undefined>;
  return config().VANTAGE_REGISTRATION_SECRET ?? (g[secretKey] ??= crypto.randomUUID() + crypto.randomUUID());
}

/** 404 for a probe id the caller cannot see. */
export function noSuchProbe(id: string, what = "no probe"): HttpError {
  return new HttpError(404, `${what} "${id}"`, { issues: [{ in: "path", path: "id", message: "not found" }] });
}
