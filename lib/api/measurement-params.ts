// GET /api/v1/measurements parameters (pure): the aggregation API's filters plus class,
// a page size and an opaque cursor. Newest first.
import { z } from "zod";
import { VERDICT_CLASSES } from "../measurement/vocabulary";
import { decodeCursor } from "./cursor";
import {
  asnParam,
  countryParam,
  instantParam,
  networkTypeParam,
  type Parsed,
  searchParamsObject,
  sharedFilters,
  serviceParam,
  sourceParam,
  zodIssues,
} from "./params";
import type { MeasurementListQuery } from "../query/measurements";

export const MEASUREMENT_PARAMETERS = [
  "test_name",
  "probe_cc",
  "probe_asn",
  "since",
  "until",
  "region",
  "network_type",
  "source",
  "probe_id",
  "class",
  "limit",
  "cursor",
] as const;

export const MEASUREMENTS_PAGE = { default: 100, max: 1000 } as const;

const schema = z.strictObject({
  test_name: serviceParam.optional(),
  probe_cc: countryParam.optional(),
  probe_asn: asnParam.optional(),
  since: instantParam.optional(),
  until: instantParam.optional(),
  region: z.string().trim().min(1).max(64).optional(),
  network_type: networkTypeParam.optional(),
  source: sourceParam.optional(),
  probe_id: z.string().trim().min(1).max(64).optional(),
  class: z.enum(VERDICT_CLASSES, { error: () => `expected one of ${VERDICT_CLASSES.join(", ")}` }).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "expected a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1, "at least 1").max(MEASUREMENTS_PAGE.max, `at most ${MEASUREMENTS_PAGE.max}`))
    .optional(),
  cursor: z
    .string()
    .transform((v, ctx) => {
      const c = decodeCursor(v);
      if (!c) {
        ctx.addIssue({ code: "custom", message: "not a cursor this API issued; pass next_cursor back unchanged" });
        return z.NEVER;
      }
      return c;
    })
    .optional(),
});

export function parseMeasurementParams(params: URLSearchParams): Parsed<MeasurementListQuery> {
  const { values, issues } = searchParamsObject(params, MEASUREMENT_PARAMETERS);
  const parsed = schema.safeParse(values);
  if (!parsed.success) issues.push(...zodIssues(parsed.error));
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const p = parsed.data;
  if (p.since && p.until && p.since >= p.until) return { ok: false, issues: [{ parameter: "until", message: "must be later than since" }] };
  return {
    ok: true,
    value: {
      filters: {
        ...sharedFilters(p),
        probeId: p.probe_id,
        class: p.class,
      },
      since: p.since ?? null,
      until: p.until ?? null,
      limit: p.limit ?? MEASUREMENTS_PAGE.default,
      cursor: p.cursor ?? null,
    },
  };
}

/** A measurement id in a path: a UUID. */
export const measurementIdParam = z.uuid({ error: "expected a measurement id (a UUID)" });
