// Who is calling: a probe (credential) or a volunteer (owner key); the operator's check is
// lib/http's requireOperator. Each failure is an HttpError with the right status.
import { config } from "@/lib/config";
import type { Store } from "@/lib/store/open";
import { findOwnerByKey, findProbeByCredential, type ProbeRow } from "@/lib/store/volunteers";
import { requestClientAddress } from "@/lib/net/peer";
import { registrationKeys, type RegistrationKeys } from "@/lib/volunteers/registration-limit";
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

/** 404 for a probe id the caller cannot see. */
export function noSuchProbe(id: string, what = "no probe"): HttpError {
  return new HttpError(404, `${what} "${id}"`, { issues: [{ in: "path", path: "id", message: "not found" }] });
}

/**
 * The connecting address, for the registration rate limit (reduced to keyed digests at
 * once) and the upload's network check (looked up, then dropped); never stored. The one
 * rule of lib/net/client-address: the socket peer, or what trusted proxies forwarded.
 */
export const connectingAddress = requestClientAddress;

/**
 * The secret the registration digests are keyed with. Without VANTAGE_REGISTRATION_SECRET
 * a random per-process one is used: stronger (nothing to leak) but a restart resets windows.
 */
const secretKey = Symbol.for("vantage.registration-secret");
export function registrationSecret(): string {
  const g = globalThis as unknown as Record<symbol, string | undefined>;
  return config().VANTAGE_REGISTRATION_SECRET ?? (g[secretKey] ??= crypto.randomUUID() + crypto.randomUUID());
}

/** The client's window digests for a per-address limit; 400 when the address is unknown. */
export function clientWindowKeys(request: Request, kind: "probe" | "account" | "webhook"): RegistrationKeys {
  const address = connectingAddress(request);
  const keys = address ? registrationKeys(address, registrationSecret(), kind) : null;
  if (!keys) {
    throw new HttpError(400, "cannot tell the connecting address, which the per-address limit needs (the request did not come through Vantage's server)", {
      issues: [{ in: "header", path: "connection", message: "no peer address" }],
    });
  }
  return keys;
}

/** 429 with Retry-After for a full window: one message (no issue list repeating it), and the wait in the body for the page. */
export function windowRefused(decision: { reason: string; retryAfterS: number }): HttpError {
  return new HttpError(429, decision.reason, { headers: { "retry-after": String(decision.retryAfterS) }, extra: { retry_after_s: decision.retryAfterS } });
}
