// The one versioned list of probe targets, published networks and controls. The JSON is
// validated at load, so a bad edit fails loudly at start-up naming the field, instead of
// a probe silently measuring the wrong thing.
import { z } from "zod";
import rawTargets from "./targets.json";
import { type Cidr, isIp, parseCidr } from "../net/ip";
import { BODY_KINDS, STAGES, type ServiceId } from "../measurement/vocabulary";

const idSchema = z.string().regex(/^[a-z0-9_.:-]{1,128}$/);
const componentSchema = z.string().regex(/^[a-z0-9_.:-]{1,64}$/);
const hostSchema = z.string().min(1).max(253);
const portSchema = z.number().int().min(1).max(65535);
const cidrSchema = z.string().refine(
  (s) => {
    try {
      parseCidr(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid CIDR prefix" },
);

const httpRequestSchema = z.strictObject({
  method: z.enum(["GET", "POST", "HEAD"]),
  url: z.url(),
  headers: z.record(z.string(), z.string()).optional(),
});

const wsRequestSchema = z.strictObject({
  url: z.url({ protocol: /^wss?$/ }),
  headers: z.record(z.string(), z.string()).optional(),
});

const throughputObjectSchema = z.strictObject({
  url: z.url(),
  /** False until an operator has checked the object exists and is 64-256 KiB. */
  verified: z.boolean(),
  note: z.string(),
});

/**
 * What the service's own answer to the target's request looks like (rule H6): every field
 * optional, each one checked only when present. `note` says where the shape comes from.
 */
const responseProfileSchema = z
  .strictObject({
    /** Exact codes ("404") or classes ("4xx"). */
    statuses: z.array(z.string().regex(/^([1-5]\d\d|[1-5]xx)$/)).min(1).optional(),
    min_bytes: z.number().int().min(0).optional(),
    max_bytes: z.number().int().min(0).optional(),
    body_kinds: z.array(z.enum(BODY_KINDS)).min(1).optional(),
    /** Media types, lowercase, without parameters. */
    content_types: z.array(z.string().regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/)).min(1).optional(),
    note: z.string().min(1),
  })
  .refine((p) => p.min_bytes === undefined || p.max_bytes === undefined || p.min_bytes <= p.max_bytes, {
    message: "min_bytes must not exceed max_bytes",
    path: ["min_bytes"],
  });
export type ResponseProfile = z.infer<typeof responseProfileSchema>;

export const targetSchema = z
  .strictObject({
    id: idSchema,
    /** Component the target counts towards; see docs/verdicts.md for the id conventions. */
    component: componentSchema,
    host: hostSchema,
    port: portSchema,
    /** The host is an address literal: no dns stage, T1 applies directly. */
    literal: z.boolean(),
    /** Where the address answers from: a place of the service's `sites` (literal targets only). */
    site: z.string().optional(),
    stages: z.array(z.enum(STAGES)).min(1),
    http: httpRequestSchema.optional(),
    /** The service's own answer to `http` (H6); only with an http stage. */
    profile: responseProfileSchema.optional(),
    ws: wsRequestSchema.optional(),
    throughput: throughputObjectSchema.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.literal !== isIp(t.host)) {
      ctx.addIssue({ code: "custom", path: ["literal"], message: `literal is ${t.literal} but host "${t.host}" ${isIp(t.host) ? "is" : "is not"} an address` });
    }
    if (t.literal && t.stages.includes("dns")) {
      ctx.addIssue({ code: "custom", path: ["stages"], message: "a literal-address target has no dns stage" });
    }
    const needs: [string, boolean][] = [
      ["http", t.stages.includes("http") === (t.http !== undefined)],
      ["ws", t.stages.includes("ws") === (t.ws !== undefined)],
      ["throughput", t.stages.includes("throughput") === (t.throughput !== undefined)],
    ];
    for (const [stage, consistent] of needs) {
      if (!consistent) ctx.addIssue({ code: "custom", path: [stage], message: `"${stage}" stage and "${stage}" request must come together` });
    }
    if (t.profile && !t.http) ctx.addIssue({ code: "custom", path: ["profile"], message: "a response profile needs an http request" });
    if ((t.component === "throughput") !== t.stages.includes("throughput")) {
      ctx.addIssue({ code: "custom", path: ["component"], message: 'throughput targets, and only they, belong to component "throughput"' });
    }
  });
export type Target = z.infer<typeof targetSchema>;

const networksSchema = z.strictObject({
  asns: z.array(z.number().int().min(1).max(4_294_967_295)),
  prefixes: z.array(cidrSchema),
  source: z.array(z.string()).min(1),
  note: z.string(),
});

/** A place a service answers from, to city precision (the middlebox rule H5 reads the distances). */
const placeSchema = z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

const sitesSchema = z.strictObject({
  places: z.record(z.string().regex(/^[a-z0-9_-]{1,32}$/), placeSchema),
  source: z.array(z.string()).min(1),
  note: z.string(),
});

const serviceTargetsSchema = z.strictObject({
  source: z.array(z.string()).min(1),
  networks: networksSchema,
  sites: sitesSchema.optional(),
  targets: z.array(targetSchema).min(1),
});

const controlHostSchema = z.strictObject({
  id: idSchema,
  host: hostSchema,
  port: portSchema,
  url: z.url(),
  note: z.string(),
});

const countryControlsSchema = z.strictObject({ domestic: controlHostSchema, foreign: controlHostSchema });

export const targetsFileSchema = z
  .strictObject({
    version: z.string().regex(/^\d{4}\.\d{2}\.\d{2}-\d+$/, "version must look like 2026.11.28-1"),
    description: z.string(),
    sources: z.array(z.strictObject({ id: z.string(), title: z.string(), url: z.url().nullable() })).min(1),
    services: z.record(z.string(), serviceTargetsSchema),
    throughput_control: z.strictObject({ id: idSchema, host: hostSchema, url: z.url(), verified: z.boolean(), note: z.string() }),
    controls: z.record(z.string().regex(/^([A-Z]{2}|default)$/), countryControlsSchema),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    const sourceIds = new Set(file.sources.map((s) => s.id));
    for (const [service, entry] of Object.entries(file.services)) {
      for (const [i, t] of entry.targets.entries()) {
        if (seen.has(t.id)) ctx.addIssue({ code: "custom", path: ["services", service, "targets", i, "id"], message: `duplicate target id "${t.id}"` });
        seen.add(t.id);
        if (!t.id.startsWith(`${service}.`)) {
          ctx.addIssue({ code: "custom", path: ["services", service, "targets", i, "id"], message: `target id "${t.id}" must start with "${service}."` });
        }
        if (t.site !== undefined && !(entry.sites && t.site in entry.sites.places)) {
          ctx.addIssue({ code: "custom", path: ["services", service, "targets", i, "site"], message: `site "${t.site}" is not a place in the service's sites` });
        }
        if (t.site !== undefined && !t.literal) {
          ctx.addIssue({ code: "custom", path: ["services", service, "targets", i, "site"], message: "only a literal-address target has a site (a name may answer from anywhere)" });
        }
      }
      for (const ref of [...entry.source, ...entry.networks.source, ...(entry.sites?.source ?? [])]) {
        if (!sourceIds.has(ref)) ctx.addIssue({ code: "custom", path: ["services", service], message: `unknown source "${ref}"` });
      }
    }
    if (!file.controls.default) ctx.addIssue({ code: "custom", path: ["controls"], message: 'a "default" controls entry is required' });
  });
export type TargetsFile = z.infer<typeof targetsFileSchema>;
export type CountryControls = z.infer<typeof countryControlsSchema>;

/** Validates a targets file; throws one error listing every bad field by its path. */
export function parseTargetsFile(input: unknown): TargetsFile {
  const parsed = targetsFileSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
    throw new Error(`invalid targets file lib/targets/targets.json:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const TARGETS: TargetsFile = parseTargetsFile(rawTargets);
export const TARGETS_VERSION: string = TARGETS.version;

const networkCache = new Map<string, Cidr[]>();

/** Services that have targets in the file. */
export function listedServices(): ServiceId[] {
  return Object.keys(TARGETS.services) as ServiceId[];
}

/** Every target of a service, in file order; empty for a service the file does not list. */
export function serviceTargets(service: ServiceId): Target[] {
  return TARGETS.services[service]?.targets ?? [];
}

const profiles = new Map<string, ResponseProfile>(
  Object.values(TARGETS.services).flatMap((entry) => entry.targets.flatMap((t) => (t.profile ? [[t.id, t.profile] as const] : []))),
);

/** The expected response profile of a target (H6), if it has one. */
export function targetProfile(id: string): ResponseProfile | undefined {
  return profiles.get(id);
}

export function findTarget(id: string): Target | undefined {
  for (const entry of Object.values(TARGETS.services)) {
    const hit = entry.targets.find((t) => t.id === id);
    if (hit) return hit;
  }
  return undefined;
}

/** The service's published prefixes, parsed once; empty for an unlisted service. */
export function publishedNetworks(service: ServiceId): Cidr[] {
  let cached = networkCache.get(service);
  if (!cached) {
    cached = (TARGETS.services[service]?.networks.prefixes ?? []).map(parseCidr);
    networkCache.set(service, cached);
  }
  return cached;
}

/** Domestic and foreign control hosts for a country code, or the default pair. */
export function controlsFor(cc: string): CountryControls {
  return TARGETS.controls[cc.toUpperCase()] ?? TARGETS.controls.default;
}

export const THROUGHPUT_CONTROL = TARGETS.throughput_control;

/** A place by latitude and longitude (degrees). */
export type Place = z.infer<typeof placeSchema>;

/** The place each target of a service with known sites answers from, by target id. */
export function targetPlaces(service: ServiceId): ReadonlyMap<string, Place> {
  return PLACES.get(service) ?? EMPTY_PLACES;
}

const EMPTY_PLACES: ReadonlyMap<string, Place> = new Map();
const PLACES = new Map<string, ReadonlyMap<string, Place>>(
  Object.entries(TARGETS.services).map(([service, entry]) => [
    service,
    new Map(entry.targets.flatMap((t) => (t.site && entry.sites ? [[t.id, entry.sites.places[t.site]] as const] : []))),
  ]),
);
