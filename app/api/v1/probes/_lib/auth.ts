// Who is calling: a probe (credential), a volunteer (owner key) or the operator
// (VANTAGE_OPERATOR_TOKEN). Each failure is an ApiError with the right status.
import { config } from "@/lib/config";
import type { Store } from "@/lib/store/open";
import { findOwnerByKey, findProbeByCredential, type ProbeRow } from "@/lib/store/volunteers";
import { requestClientAddress } from "@/lib/net/peer";
import { registrationKeys, type RegistrationKeys } from "@/lib/volunteers/registration-limit";
import { ApiError, requireBearer } from "@/lib/volunteers/http";
import { secretsEqual } from "@/lib/volunteers/secrets";

/** The calling probe; 401 unknown credential, 403 paused or revoked (unless `allowPaused`). */
export async function authenticateProbe(store: Store, request: Request, options: { allowPaused?: boolean } = {}): Promise<ProbeRow> {
  const credential = requireBearer(request, "probe credential");
  const probe = await findProbeByCredential(store, credential);
  if (!probe) throw new ApiError(401, "unknown probe credential (re-enroll with a fresh token)", [{ path: "headers.authorization", message: "unknown credential" }]);
  if (probe.status === "revoked") throw new ApiError(403, "this probe was revoked by the operator", [{ path: "headers.authorization", message: "probe revoked" }]);
  if (probe.status === "paused" && !options.allowPaused) {
    throw new ApiError(403, "this probe is paused by its owner", [{ path: "headers.authorization", message: "probe paused" }]);
  }
  return probe;
}

export async function authenticateOwner(store: Store, request: Request): Promise<{ id: string; contact: string | null }> {
  const key = requireBearer(request, "volunteer key");
  const owner = await findOwnerByKey(store, key);
  if (!owner) throw new ApiError(401, "unknown volunteer key", [{ path: "headers.authorization", message: "unknown key" }]);
  return owner;
}

export function requireOperator(request: Request): void {
  const expected = config().VANTAGE_OPERATOR_TOKEN;
  const token = requireBearer(request, "operator token");
  if (!expected || expected.length < 16) throw new ApiError(403, "operator actions are disabled (VANTAGE_OPERATOR_TOKEN is not set to at least 16 characters)");
  if (!secretsEqual(token, expected)) throw new ApiError(401, "wrong operator token", [{ path: "headers.authorization", message: "wrong token" }]);
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
export function clientWindowKeys(request: Request, kind: "probe" | "account"): RegistrationKeys {
  const address = connectingAddress(request);
  const keys = address ? registrationKeys(address, registrationSecret(), kind) : null;
  if (!keys) {
    throw new ApiError(400, "cannot tell the connecting address, which the per-address limit needs (the request did not come through Vantage's server)", [
      { path: "connection", message: "no peer address" },
    ]);
  }
  return keys;
}

/** 429 with Retry-After for a full window: one message (no issue list repeating it), and the wait in the body for the page. */
export function windowRefused(decision: { reason: string; retryAfterS: number }): ApiError {
  return new ApiError(429, decision.reason, [], { "retry-after": String(decision.retryAfterS) }, { retry_after_s: decision.retryAfterS });
}
