// GET /api/v1/events parameters (pure).
import { z } from "zod";
import { asnParam, countryParam, instantParam, type Parsed, searchParamsObject, serviceParam, zodIssues } from "./params";
import type { EventQuery } from "../query/events";

export const EVENT_PARAMETERS = ["test_name", "probe_cc", "probe_asn", "since", "until", "ongoing", "limit"] as const;
export const EVENTS_PAGE = { default: 100, max: 1000 } as const;

export function parseEventParams(params: URLSearchParams): Parsed<EventQuery> {
  const { values, issues } = searchParamsObject(params, EVENT_PARAMETERS);
  const r = z
    .strictObject({
      test_name: serviceParam.optional(),
      probe_cc: countryParam.optional(),
      probe_asn: asnParam.optional(),
      since: instantParam.optional(),
      until: instantParam.optional(),
      ongoing: z.enum(["true", "false"], { error: () => "expected true or false" }).optional(),
      limit: z.string().regex(/^\d+$/, "expected a whole number").transform(Number)
        .pipe(z.number().int().min(1, "at least 1").max(EVENTS_PAGE.max, `at most ${EVENTS_PAGE.max}`)).optional(),
    })
    .safeParse(values);
  if (!r.success) issues.push(...zodIssues(r.error));
  if (!r.success || issues.length > 0) return { ok: false, issues };
  const p = r.data;
  if (p.since && p.until && p.since >= p.until) return { ok: false, issues: [{ parameter: "until", message: "must be later than since" }] };
  return {
    ok: true,
    value: {
      service: p.test_name,
      country: p.probe_cc,
      asn: p.probe_asn,
      since: p.since,
      until: p.until,
      ongoing: p.ongoing === undefined ? undefined : p.ongoing === "true",
      limit: p.limit ?? EVENTS_PAGE.default,
    },
  };
}
