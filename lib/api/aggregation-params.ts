// GET /api/v1/aggregation parameters (pure): OONI's names and rules, plus Vantage's own
// dimensions. Returns a normalised query or every problem, each naming its parameter.
import { z } from "zod";
import { STAGES } from "../measurement/vocabulary";
import { alignToHours, allowedGrains, autoGrain, bucketStart, TIME_GRAINS, type TimeGrain } from "../rollup/time-grain";
import { READ_LIMIT_DEFAULTS, type ReadLimits } from "./read-limits";
import {
  asnParam,
  countryParam,
  instantParam,
  networkTypeParam,
  type ParamIssue,
  type Parsed,
  searchParamsObject,
  sharedFilters,
  serviceParam,
  sourceParam,
  zodIssues,
} from "./params";
import { AGGREGATION_AXES, type AggregationAxis, type AggregationQuery, TIME_AXIS } from "../query/aggregation";

export const AGGREGATION_PARAMETERS = [
  "test_name",
  "probe_cc",
  "probe_asn",
  "since",
  "until",
  "time_grain",
  "axis_x",
  "axis_y",
  "format",
  "region",
  "network_type",
  "source",
  "stage",
  "medians",
] as const;

/** Without since, a time axis covers this many days before until. */
export const DEFAULT_TIME_AXIS_DAYS = 30;

const aggregationSchema = z.strictObject({
  test_name: serviceParam.optional(),
  probe_cc: countryParam.optional(),
  probe_asn: asnParam.optional(),
  since: instantParam.optional(),
  until: instantParam.optional(),
  time_grain: z.enum([...TIME_GRAINS, "auto"], { error: () => `expected one of ${[...TIME_GRAINS, "auto"].join(", ")}` }).optional(),
  axis_x: z.enum(AGGREGATION_AXES, { error: () => `expected one of ${AGGREGATION_AXES.join(", ")}` }).optional(),
  axis_y: z.enum(AGGREGATION_AXES, { error: () => `expected one of ${AGGREGATION_AXES.join(", ")}` }).optional(),
  format: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(["JSON", "CSV"], { error: () => "expected JSON or CSV" }))
    .optional(),
  region: z.string().trim().min(1).max(64).optional(),
  network_type: networkTypeParam.optional(),
  source: sourceParam.optional(),
  stage: z.enum(["none", ...STAGES], { error: () => `expected none or one of ${STAGES.join(", ")}` }).optional(),
  medians: z.enum(["true", "false"], { error: () => "expected true or false" }).optional(),
});

/** Time buckets of `grain` touching [since, until), counted without listing them. */
export function bucketCountOf(grain: TimeGrain, since: Date, until: Date): number {
  if (until <= since) return 0;
  const first = bucketStart(grain, since);
  const last = bucketStart(grain, new Date(until.getTime() - 1));
  const months = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
  switch (grain) {
    case "hour":
      return (last.getTime() - first.getTime()) / 3_600_000 + 1;
    case "day":
      return (last.getTime() - first.getTime()) / 86_400_000 + 1;
    case "week":
      return (last.getTime() - first.getTime()) / (7 * 86_400_000) + 1;
    case "month":
      return months(last) - months(first) + 1;
    case "year":
      return last.getUTCFullYear() - first.getUTCFullYear() + 1;
  }
}

export function parseAggregationParams(
  params: URLSearchParams,
  now = new Date(),
  limits: Pick<ReadLimits, "maxBuckets"> = READ_LIMIT_DEFAULTS,
): Parsed<AggregationQuery> {
  const { values, issues } = searchParamsObject(params, AGGREGATION_PARAMETERS);
  const parsed = aggregationSchema.safeParse(values);
  if (!parsed.success) issues.push(...zodIssues(parsed.error));
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const p = parsed.data;
  const problems: ParamIssue[] = [];

  if (p.axis_y && !p.axis_x) problems.push({ parameter: "axis_y", message: "needs axis_x" });
  if (p.axis_x && p.axis_x === p.axis_y) problems.push({ parameter: "axis_y", message: "must differ from axis_x" });
  const axes = [p.axis_x, p.axis_y].filter((a): a is AggregationAxis => a !== undefined);
  const timeAxis = axes.includes(TIME_AXIS);

  let since = p.since ?? null;
  let until = p.until ?? null;
  if (timeAxis || p.time_grain) {
    // A time axis needs a bounded range: until defaults to the start of tomorrow (UTC).
    until ??= new Date(Math.floor(now.getTime() / 86_400_000 + 1) * 86_400_000);
    since ??= new Date(until.getTime() - DEFAULT_TIME_AXIS_DAYS * 86_400_000);
  }
  if (since && until && since >= until) problems.push({ parameter: "until", message: "must be later than since" });
  if (since && until && since < until) ({ since, until } = alignToHours(since, until));

  let grain: TimeGrain = "day";
  if (since && until && since < until) {
    const span = until.getTime() - since.getTime();
    if (!p.time_grain || p.time_grain === "auto") grain = timeAxis || p.time_grain ? autoGrain(span) : "day";
    else if (!allowedGrains(span).includes(p.time_grain)) {
      problems.push({
        parameter: "time_grain",
        message: `${p.time_grain} is not allowed for a range of ${(span / 86_400_000).toFixed(1)} days; allowed: ${allowedGrains(span).join(", ")} or auto`,
      });
    } else grain = p.time_grain;
  } else if (p.time_grain && p.time_grain !== "auto") grain = p.time_grain;
  if (timeAxis && problems.length === 0 && since && until) {
    const buckets = bucketCountOf(grain, since, until);
    if (buckets > limits.maxBuckets) {
      problems.push({
        parameter: "time_grain",
        message: `at most ${limits.maxBuckets} time buckets per request; ${grain} buckets from ${since.toISOString().slice(0, 10)} to ${until.toISOString().slice(0, 10)} are ${buckets}: narrow since/until or use a coarser time_grain`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, issues: problems };

  return {
    ok: true,
    value: {
      filters: {
        ...sharedFilters(p),
        stage: p.stage === undefined ? undefined : p.stage === "none" ? "" : p.stage,
      },
      since,
      until,
      grain,
      axes,
      format: p.format ?? "JSON",
      medians: p.medians === "true",
    },
  };
}
