// Volunteer keys, enrollment tokens and probe credentials: 256 random bits each, shown to
// their holder once; the server keeps only a SHA-256 digest. A slow password hash (bcrypt,
// scrypt) defends low-entropy human passwords against guessing; these secrets are random
// 256-bit values that no offline search can enumerate, so a fast digest is as safe and
// lets every authenticated request look its caller up by an indexed, unique hash.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Prefixes say what a secret is when one turns up in a log or a paste. */
export const SECRET_KINDS = {
  ownerKey: "vok_",
  enrollmentToken: "vet_",
  probeCredential: "vpc_",
} as const;
export type SecretKind = keyof typeof SECRET_KINDS;

const BODY = /^[A-Za-z0-9_-]{43}$/;

export function generateSecret(kind: SecretKind): string {
  return SECRET_KINDS[kind] + randomBytes(32).toString("base64url");
}

/** Whether `text` is shaped like a secret of this kind (cheap rejection before any lookup). */
export function looksLikeSecret(kind: SecretKind, text: string): boolean {
  const prefix = SECRET_KINDS[kind];
  return text.startsWith(prefix) && BODY.test(text.slice(prefix.length));
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Constant-time comparison of two secrets (the operator token comes from the environment). */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}
