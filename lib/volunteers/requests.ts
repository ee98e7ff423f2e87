// Bodies of the volunteer API, validated with zod; shared by the route handlers, the
// registration form and the probe daemon.
import { z } from "zod";
import { NETWORK_TYPES } from "../measurement/vocabulary";

export const createOwnerSchema = z.strictObject({
  /** Optional address for offline notices (an e-mail address or a webhook URL). */
  contact: z.string().trim().min(3).max(254).nullable().optional(),
});

export const registerProbeSchema = z.strictObject({
  name: z.string().trim().min(1).max(64),
  country: z.string().regex(/^[A-Z]{2}$/, { error: "expected a two-letter upper-case country code" }),
  /** Coarse region only (an oblast, a state), never a town or street. */
  region: z.string().trim().min(1).max(64).nullable().optional(),
  asn: z.number().int().min(0).max(4_294_967_295),
  asn_name: z.string().trim().min(1).max(128).nullable().optional(),
  network_type: z.enum(NETWORK_TYPES),
  /** Seconds between rounds, within the server's bounds (checked by the route); unset: the server's default. */
  interval_s: z.number().int().positive().optional(),
  /** All the probe's traffic per UTC day, in bytes, within the server's bounds; unset or null: the probe's default. */
  daily_budget_bytes: z.number().int().positive().nullable().optional(),
});
export type RegisterProbeInput = z.infer<typeof registerProbeSchema>;

export const enrollSchema = z.strictObject({
  token: z.string().min(1).max(128),
  software_version: z.string().min(1).max(64).nullable().optional(),
});

export const heartbeatSchema = z.strictObject({
  software_version: z.string().min(1).max(64).nullable().optional(),
  /** Measurements waiting in the probe's spool. */
  queued: z.number().int().min(0).max(100_000_000).default(0),
  /** Rounds skipped today because the data budget ran out. */
  budget_exhausted: z.boolean().default(false),
});

export const probeActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.enum(["pause", "resume", "rotate", "revoke"]) }),
  z.strictObject({ action: z.literal("rename"), name: registerProbeSchema.shape.name }),
]);
export type ProbeActionInput = z.infer<typeof probeActionSchema>;

/** The probe software the server publishes at /api/v1/probes/bundle, for self-update. */
export const publishedSoftwareSchema = z.object({
  version: z.string().min(1).max(64),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Path of the bundle on the server, naming its hash (a changed bundle is refused, not mixed up). */
  url: z.string(),
});
export type PublishedSoftware = z.infer<typeof publishedSoftwareSchema>;

/** What `GET /api/v1/probes/me/config` answers; the daemon parses it with the same schema. */
export const probeConfigResponseSchema = z.object({
  probe: z.object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    region: z.string().nullable(),
    asn: z.number(),
    asn_name: z.string().nullable(),
    network_type: z.enum(NETWORK_TYPES),
    status: z.enum(["active", "paused", "revoked"]),
  }),
  schedule: z.object({ interval_s: z.number().int().positive(), jitter: z.number().min(0).max(1) }),
  services: z.array(z.string()),
  targets_version: z.string(),
  server_time: z.string(),
  limits: z.object({ max_records: z.number().int().positive(), max_bytes: z.number().int().positive() }),
  /** The owner's daily data budget for this probe (bytes); null or absent: the probe's own. */
  budget: z.object({ daily_bytes: z.number().int().positive().nullable() }).optional(),
  /** The published probe software; null or absent: nothing published (no self-update). */
  software: publishedSoftwareSchema.nullable().optional(),
});
export type ProbeConfigResponse = z.infer<typeof probeConfigResponseSchema>;

export const enrollResponseSchema = z.object({
  probe_id: z.string(),
  credential: z.string(),
});

export const ingestResponseSchema = z.object({
  stored: z.array(z.string()),
  duplicates: z.array(z.string()),
});
