// The OpenAPI 3.1 description of Vantage's HTTP API, written once and served at
// GET /api/v1/openapi.json. Parameter lists come from the parsers' own constants so the
// description cannot drift from what the handlers accept.
import { NETWORK_TYPES, SERVICES, SOURCES, STAGES, TECHNIQUES, VERDICT_CLASSES } from "../measurement/vocabulary";
import { TIME_GRAINS } from "../rollup/time-grain";
import { DEFAULT_TIME_AXIS_DAYS } from "./aggregation-params";
import { AGGREGATION_AXES } from "../query/aggregation";
import { MEASUREMENTS_PAGE } from "./measurement-params";
import { DEFAULT_DETECTOR_RANGE_HOURS, DETECTOR_GRAINS } from "./detector-state-params";
import { MEASUREMENTS_LICENSE } from "./measurement-view";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });
const error = (description: string) => ({ description, ...json(ref("Error")) });
const nullable = (type: string) => ({ type: [type, "null"] });

/** A detector-state bucket's span and state, and a count per state (GET /api/v1/detector-state). */
const DETECTOR_BUCKET_SPAN = {
  start: { type: "string", format: "date-time" },
  end: { type: "string", format: "date-time" },
  state: { type: "string", enum: ["ok", "anomalous", "unknown"], description: "unknown: fewer than min_owners owners reported; never ok" },
};
const DETECTOR_STATE_COUNTS = { type: "object", properties: { ok: { type: "integer" }, anomalous: { type: "integer" }, unknown: { type: "integer" } } };

const filterParams = ["test_name", "probe_cc", "probe_asn", "since", "until", "region", "network_type", "source"].map(param);

/** A volunteer-API operation; `body`: it reads a JSON request body. */
const volunteer = (summary: string, security: "owner" | "probe" | "operator" | null = null, body = true) => ({
  tags: ["volunteers"],
  summary,
  ...(security ? { security: [{ [security]: [] }] } : {}),
  ...(body ? { requestBody: { required: false, content: { "application/json": { schema: { type: "object" } } } } } : {}),
  responses: { "200": { description: "OK", ...json({ type: "object" }) }, "429": error("Rate-limited; Retry-After says when to try again") },
});

type Operation = { security?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> };

/**
 * Every operation answers errors in the one shape (lib/http/error.ts): 400 for an unknown,
 * repeated or bad parameter (every route refuses parameters it does not know), 401/403
 * where a credential is required, 413 where a body is read, 500 without internals.
 */
function withStandardErrors<P extends Record<string, Record<string, Operation>>>(paths: P): P {
  for (const operations of Object.values(paths)) {
    for (const op of Object.values(operations)) {
      const standard: Record<string, string> = { "400": "Unknown, repeated or bad parameter, or a bad body; issues names each", "500": "Internal error (details only in the server log)" };
      if (op.security) Object.assign(standard, { "401": "No credential or a wrong one", "403": "Not allowed (operator API disabled, probe paused or revoked)" });
      if (op.requestBody) standard["413"] = "Body larger than the route's limit";
      for (const [status, description] of Object.entries(standard)) op.responses[status] ??= error(description);
    }
  }
  return paths;
}

export const OPENAPI = {
  openapi: "3.1.0",
  info: {
    title: "Vantage API",
    version: "1",
    description:
      "Messenger reachability measurements, OONI-compatible aggregation, raw data and curated annotations. " +
      "Every aggregate traces back to GET /api/v1/measurements. Times are UTC. " + MEASUREMENTS_LICENSE.text,
    license: { name: "CC BY 4.0 (Vantage's own measurements)", identifier: MEASUREMENTS_LICENSE.spdx },
  },
  servers: [{ url: "/" }],
  tags: [
    { name: "data", description: "Public read API" },
    { name: "annotations", description: "Curated notes on the timeline" },
    { name: "volunteers", description: "Probe registration and upload (see docs/volunteers)" },
    { name: "webhooks", description: "Event alerts: a receiver confirms its subscription, then gets signed deliveries (see docs/journalists)" },
    { name: "operations", description: "Health and metrics" },
  ],
  paths: withStandardErrors({
    "/api/v1/aggregation": {
      get: {
        tags: ["data"],
        summary: "Class counts (OONI-compatible) by up to two axes",
        description:
          "Counts from the hourly rollups. With measurement_start_day as an axis every bucket of [since, until) is present " +
          "(zero counts and coverage 0 where there is no data). probe_cc and probe_asn axes leave out OONI's hidden ZZ and AS0. " +
          "since/until are widened to whole hours.",
        parameters: [...filterParams, ...["time_grain", "axis_x", "axis_y", "format", "stage", "medians"].map(param)],
        responses: {
          "200": {
            description: "Aggregation; result is an object without axes, a list with axes",
            content: {
              "application/json": { schema: ref("AggregationResponse") },
              "text/csv": { schema: { type: "string" }, description: "One row per entry; Content-Disposition names the file" },
            },
          },
          "400": error("Bad parameters; issues names each"),
        },
      },
    },
    "/api/v1/measurements": {
      get: {
        tags: ["data"],
        summary: "Stored measurements, newest first, with cursor pagination",
        parameters: [...filterParams, param("probe_id"), param("class"), param("limit"), param("cursor")],
        responses: {
          "200": {
            description: "A page",
            ...json({
              type: "object",
              required: ["metadata", "results"],
              properties: {
                metadata: {
                  type: "object",
                  properties: {
                    count: { type: "integer" },
                    limit: { type: "integer" },
                    next_cursor: nullable("string"),
                    next_url: nullable("string"),
                    license: { type: "string" },
                  },
                },
                results: { type: "array", items: ref("MeasurementSummary") },
              },
            }),
          },
          "400": error("Bad parameters"),
        },
      },
      post: { ...volunteer("Upload a batch of measurement records (an enrolled probe)", "probe"), tags: ["volunteers"] },
    },
    "/api/v1/measurements/{id}": {
      get: {
        tags: ["data"],
        summary: "One stored measurement: the record with per-stage evidence, the server's verdict and the rules that fired",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: { "200": { description: "The measurement", ...json(ref("MeasurementDetail")) }, "400": error("Not a UUID"), "404": error("No such measurement") },
      },
    },
    "/api/v1/dumps/{day}.jsonl.gz": {
      get: {
        tags: ["data"],
        summary: "Every measurement started on a UTC day, as gzip-compressed JSON lines (MeasurementDetail without license), streamed",
        parameters: [{ name: "day", in: "path", required: true, schema: { type: "string", format: "date" } }],
        responses: {
          "200": {
            description: "gzip JSON lines; X-License and Link rel=license state the licence",
            headers: { "X-License": { schema: { type: "string" } }, Link: { schema: { type: "string" } } },
            content: { "application/gzip": { schema: { type: "string", contentEncoding: "binary" } } },
          },
          "400": error("Not YYYY-MM-DD.jsonl.gz"),
          "404": error("No measurements that day"),
        },
      },
    },
    "/api/v1/events": {
      get: {
        tags: ["data"],
        summary: "Detected blocking events and service outages",
        parameters: [param("test_name"), param("probe_cc"), param("probe_asn"), param("since"), param("until"), param("ongoing"), param("limit")],
        responses: { "200": { description: "Events, newest start first", ...json({ type: "object", properties: { count: { type: "integer" }, results: { type: "array", items: ref("Event") } } }) }, "400": error("Bad parameters") },
      },
    },
    "/api/v1/detector-state": {
      get: {
        tags: ["data"],
        summary: "What the event detector saw per bucket: state, owners counted against the quorum, technique, the event open",
        description:
          "Recomputed from the stored rounds by the detector's own per-bucket decision (lib/detect), from far enough back that a run crossing since is rebuilt. " +
          "State per bucket of each network of the country (or of probe_asn), and without probe_asn the country aggregate country events are built on. " +
          "A bucket without readable rounds from at least min_owners owners is unknown, never ok. " +
          `Without since, ${DEFAULT_DETECTOR_RANGE_HOURS} hours before until (default: the next whole hour). Bounded: days per request (VANTAGE_READ_MAX_DETECTOR_DAYS), buckets (VANTAGE_READ_MAX_BUCKETS), buckets x networks (VANTAGE_READ_MAX_CELLS).`,
        parameters: [
          { ...param("test_name"), required: true },
          { ...param("probe_cc"), required: true },
          param("probe_asn"),
          param("since"),
          param("until"),
          param("grain"),
        ],
        responses: { "200": { description: "Per-bucket detector state", ...json(ref("DetectorState")) }, "400": error("Bad or missing parameters, or a range beyond the limits; issues names each") },
      },
    },
    "/api/v1/annotations": {
      get: {
        tags: ["annotations"],
        summary: "Curated annotations (known events and the operator's notes)",
        parameters: [
          { name: "country", in: "query", schema: { type: "string", pattern: "^[A-Za-z]{2}$" } },
          param("test_name"),
          { name: "since", in: "query", schema: { type: "string", format: "date" }, description: "date >= since" },
          { name: "until", in: "query", schema: { type: "string", format: "date" }, description: "date < until" },
        ],
        responses: { "200": { description: "Annotations by date", ...json({ type: "object", properties: { count: { type: "integer" }, results: { type: "array", items: ref("Annotation") } } }) }, "400": error("Bad parameters") },
      },
      post: {
        tags: ["annotations"],
        summary: "Add an annotation (operator)",
        security: [{ operator: [] }],
        requestBody: { required: true, ...json(ref("AnnotationCreate")) },
        responses: { "201": { description: "Created", ...json(ref("Annotation")) }, "400": error("Bad body; issues names each field"), "401": error("No token or a wrong one"), "403": error("The operator API is disabled") },
      },
    },
    "/api/v1/annotations/{id}": {
      patch: {
        tags: ["annotations"],
        summary: "Edit an annotation (operator); seeded known events are refused with 409",
        security: [{ operator: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: { required: true, ...json({ ...ref("AnnotationCreate"), description: "Any subset of the fields" }) },
        responses: { "200": { description: "Edited", ...json(ref("Annotation")) }, "400": error("Bad body"), "401": error("No token or a wrong one"), "403": error("Disabled"), "404": error("No such annotation"), "409": error("A seeded known event") },
      },
      delete: {
        tags: ["annotations"],
        summary: "Delete an annotation (operator); seeded known events are refused with 409",
        security: [{ operator: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "204": { description: "Deleted" }, "401": error("No token or a wrong one"), "403": error("Disabled"), "404": error("No such annotation"), "409": error("A seeded known event") },
      },
    },
    "/api/v1/webhooks": {
      post: {
        tags: ["webhooks"],
        summary: "Subscribe a receiver URL to newly opened events matching a filter; pending until the receiver echoes the verification challenge",
        description:
          'Admitted against the client\'s daily windows (by the client-address rule) and a cap of subscriptions per receiver host, both answered 429 with Retry-After. The subscription starts pending: a signed POST {"type": "subscription.verify", "challenge": ...} goes to the URL at once and is retried with backoff; the receiver confirms by answering 2xx with the challenge as the body or as {"challenge": ...}. No event is delivered to a pending subscription; unconfirmed, it is deleted at pending_until.',
        requestBody: {
          required: true,
          ...json({
            type: "object",
            additionalProperties: false,
            required: ["url"],
            properties: {
              url: { type: "string", format: "uri", description: "http(s) receiver; loopback and private addresses are refused unless the operator allows them" },
              service: { type: "string", enum: [...SERVICES] },
              country: { type: "string", pattern: "^[A-Za-z]{2}$" },
              asn: { type: ["string", "integer"], description: "AS12389 or 12389" },
            },
          }),
        },
        responses: {
          "202": {
            description: "Created, pending confirmation; the secret and the unsubscribe link are shown once",
            ...json({
              type: "object",
              properties: {
                id: { type: "string" },
                url: { type: "string" },
                filter: { type: "object", properties: { service: nullable("string"), country: nullable("string"), asn: nullable("integer") } },
                status: { type: "string", enum: ["pending"] },
                pending_until: { type: "string", format: "date-time" },
                verification: { type: "string" },
                secret: { type: "string" },
                signature: { type: "string" },
                unsubscribe_url: { type: "string" },
              },
            }),
          },
          "429": error("Too many subscriptions from this client today, or for this receiver host; Retry-After says when to try again"),
        },
      },
    },
    "/api/v1/webhooks/unsubscribe": {
      get: {
        tags: ["webhooks"],
        summary: "The unsubscribe link of every delivery: a page that asks (a GET never deletes)",
        parameters: [{ name: "token", in: "query", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{20,100}$" } }],
        responses: { "200": { description: "An HTML page with an Unsubscribe button", content: { "text/html": { schema: { type: "string" } } } }, "404": error("No subscription with this token") },
      },
      post: {
        tags: ["webhooks"],
        summary: "Cancel the subscription (and its queued deliveries)",
        parameters: [{ name: "token", in: "query", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{20,100}$" } }],
        responses: { "200": { description: "Cancelled", ...json({ type: "object", properties: { unsubscribed: { type: "string" } } }) }, "404": error("No subscription with this token") },
      },
    },
    "/api/v1/openapi.json": {
      get: { tags: ["operations"], summary: "This description", responses: { "200": { description: "OpenAPI 3.1", ...json({ type: "object" }) } } },
    },
    "/api/health": {
      get: { tags: ["operations"], summary: "Store reachable and migrations current", responses: { "200": { description: "ok", ...json({ type: "object" }) }, "503": { description: "degraded or down", ...json({ type: "object" }) } } },
    },
    "/metrics": {
      get: { tags: ["operations"], summary: "Prometheus metrics", responses: { "200": { description: "text/plain exposition", content: { "text/plain": { schema: { type: "string" } } } } } },
    },
    "/api/v1/probes/accounts": { post: volunteer("Create a volunteer account (the key is shown once)") },
    "/api/v1/probes": { post: volunteer("Register a probe; answers a one-time enrollment token", "owner"), get: volunteer("The volunteer's own probes", "owner", false) },
    "/api/v1/probes/enroll": { post: volunteer("A probe exchanges its one-time token for its credential") },
    "/api/v1/probes/me/config": { get: volunteer("The calling probe's schedule, services and target-list version", "probe", false) },
    "/api/v1/probes/me/heartbeat": { post: volunteer("The probe is alive", "probe") },
    "/api/v1/probes/{id}": {
      post: { ...volunteer("Pause, resume or rotate a probe", "owner"), parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] },
      delete: { ...volunteer("Remove a probe", "owner", false), parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] },
    },
    "/api/v1/probes/{id}/revoke": { post: { ...volunteer("Revoke any probe", "operator", false), parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] } },
    "/api/v1/probes/{id}/reference": {
      post: {
        ...volunteer('Mark a probe as a reference probe abroad, or unmark it: body {"reference": true | false}; events over its rounds are re-detected', "operator"),
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      },
    },
  }),
  components: {
    securitySchemes: {
      operator: { type: "http", scheme: "bearer", description: "VANTAGE_OPERATOR_TOKEN (at least 16 characters); operator writes answer 403 when it is unset" },
      owner: { type: "http", scheme: "bearer", description: "A volunteer's account key" },
      probe: { type: "http", scheme: "bearer", description: "A probe's own credential from enrollment" },
    },
    parameters: {
      test_name: { name: "test_name", in: "query", description: "Service", schema: { type: "string", enum: [...SERVICES] } },
      probe_cc: { name: "probe_cc", in: "query", description: "Country (ISO 3166-1 alpha-2, any case)", schema: { type: "string", pattern: "^[A-Za-z]{2}$" } },
      probe_asn: { name: "probe_asn", in: "query", description: "Network: AS12389 or 12389", schema: { type: "string", pattern: "^([Aa][Ss])?[0-9]{1,10}$" } },
      since: { name: "since", in: "query", description: "Inclusive, UTC: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±hh:mm]", schema: { type: "string" } },
      until: { name: "until", in: "query", description: "Exclusive, same forms as since", schema: { type: "string" } },
      region: { name: "region", in: "query", description: "Coarse region as probes report it", schema: { type: "string", maxLength: 64 } },
      network_type: { name: "network_type", in: "query", schema: { type: "string", enum: [...NETWORK_TYPES] } },
      source: { name: "source", in: "query", schema: { type: "string", enum: [...SOURCES] } },
      stage: { name: "stage", in: "query", description: "Cause stage; none selects rounds no stage explains (ok, inconclusive). Disables probe_count.", schema: { type: "string", enum: ["none", ...STAGES] } },
      time_grain: {
        name: "time_grain",
        in: "query",
        description:
          "OONI's limits: ranges up to 7 days allow hour or day; up to 30 days day or week; up to 365 days day, week or month; longer adds year. " +
          `auto picks hour, day, week or month by those limits. A time axis without since covers ${DEFAULT_TIME_AXIS_DAYS} days before until (default: tomorrow).`,
        schema: { type: "string", enum: [...TIME_GRAINS, "auto"], default: "auto" },
      },
      axis_x: { name: "axis_x", in: "query", schema: { type: "string", enum: [...AGGREGATION_AXES] } },
      axis_y: { name: "axis_y", in: "query", description: "Needs axis_x, must differ from it", schema: { type: "string", enum: [...AGGREGATION_AXES] } },
      format: { name: "format", in: "query", schema: { type: "string", enum: ["JSON", "CSV"], default: "JSON" } },
      medians: { name: "medians", in: "query", description: "Add tcp_ms_median, tls_ms_median, throughput_kbps_median from the merged histograms", schema: { type: "string", enum: ["true", "false"], default: "false" } },
      probe_id: { name: "probe_id", in: "query", schema: { type: "string" } },
      class: { name: "class", in: "query", schema: { type: "string", enum: [...VERDICT_CLASSES] } },
      limit: { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: MEASUREMENTS_PAGE.max, default: MEASUREMENTS_PAGE.default } },
      cursor: { name: "cursor", in: "query", description: "next_cursor of the previous page, unchanged", schema: { type: "string" } },
      ongoing: { name: "ongoing", in: "query", schema: { type: "string", enum: ["true", "false"] } },
      grain: {
        name: "grain",
        in: "query",
        description: "Reported bucket: the detector's own 10 minutes, an hour or a day (summarised). Default: 10m up to 2 days, hour up to 31, then day.",
        schema: { type: "string", enum: Object.keys(DETECTOR_GRAINS) },
      },
    },
    schemas: {
      Error: {
        type: "object",
        description: "Every error of every route, in one shape (never a stack trace).",
        required: ["error", "code", "issues"],
        additionalProperties: false,
        properties: {
          error: { type: "string", description: "What went wrong, for a person" },
          code: { type: "string", description: "Stable machine code: invalid_request, unauthorized, forbidden, not_found, conflict, payload_too_large, rate_limited, internal_error, or a route's own (operator_disabled, probe_paused, token_expired, ...)" },
          issues: {
            type: "array",
            description: "Each problem and where it is; empty when the error is about the request as a whole",
            items: {
              type: "object",
              required: ["in", "path", "message"],
              additionalProperties: false,
              properties: {
                in: { type: "string", enum: ["query", "path", "header", "body"] },
                path: { type: "string", description: "The parameter, header, or dotted path in the body (records.3.id); empty for the whole" },
                message: { type: "string" },
              },
            },
          },
          retry_after_s: { type: "integer", description: "429 only: seconds to wait, as in the Retry-After header" },
        },
      },
      AggregationEntry: {
        type: "object",
        description: "The axes' values (measurement_start_day, probe_cc, probe_asn, test_name, stage, region, network_type, source) then the figures",
        properties: {
          measurement_start_day: { type: "string", description: "Bucket start: YYYY-MM-DD, or YYYY-MM-DDTHH:00:00Z for hours" },
          probe_cc: { type: "string" },
          probe_asn: { type: "integer" },
          test_name: { type: "string" },
          stage: nullable("string"),
          region: nullable("string"),
          network_type: nullable("string"),
          source: { type: "string" },
          anomaly_count: { type: "integer" },
          confirmed_count: { type: "integer" },
          failure_count: { type: "integer" },
          ok_count: { type: "integer" },
          measurement_count: { type: "integer", description: "= ok + anomaly + confirmed + failure" },
          probe_count: { ...nullable("integer"), description: "Distinct probes (from probe hours, never summed); null with a stage axis or filter" },
          coverage: { type: "number", description: "Time axes only: share of the bucket's hours (inside the range) with any measurement" },
          tcp_ms_median: nullable("number"),
          tls_ms_median: nullable("number"),
          throughput_kbps_median: nullable("number"),
        },
      },
      AggregationResponse: {
        type: "object",
        required: ["v", "dimension_count", "result"],
        properties: {
          v: { const: 0 },
          dimension_count: { type: "integer", minimum: 0, maximum: 2 },
          result: { oneOf: [ref("AggregationEntry"), { type: "array", items: ref("AggregationEntry") }] },
        },
      },
      MeasurementSummary: {
        type: "object",
        properties: {
          measurement_id: { type: "string", format: "uuid" },
          started_at: { type: "string", format: "date-time" },
          received_at: { type: "string", format: "date-time" },
          test_name: { type: "string", enum: [...SERVICES] },
          probe_cc: { type: "string" },
          probe_asn: { type: "integer" },
          region: nullable("string"),
          network_type: nullable("string"),
          source: { type: "string", enum: [...SOURCES] },
          probe_id: nullable("string"),
          round_id: { type: "string" },
          status: { type: "string" },
          class: { type: "string", enum: [...VERDICT_CLASSES] },
          technique: { type: ["string", "null"], enum: [...TECHNIQUES, null] },
          rule: nullable("string"),
          stage: { type: ["string", "null"], enum: [...STAGES, null], description: "Stage of the finding that decided the verdict (a failed WebSocket upgrade is ws)" },
          allowlist: { type: "boolean" },
          rules_version: { type: "string" },
          targets_version: { type: "string" },
          software: { type: "object", properties: { name: { type: "string" }, version: { type: "string" } } },
          flags: { type: "array", items: { type: "string" } },
          ooni_url: { ...nullable("string"), description: "OONI Explorer page of an imported measurement (source ooni), stored at import" },
          url: { type: "string" },
        },
      },
      MeasurementDetail: {
        allOf: [
          ref("MeasurementSummary"),
          {
            type: "object",
            properties: {
              verdict: { type: "object", description: "The server's verdict (lib/verdict): status, class, components, every target's verdict" },
              rules_fired: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    target: { type: "string" }, component: { type: "string" }, rule: { type: "string" }, verdict: { type: "string" },
                    grade: nullable("string"), stage: nullable("string"), failure: nullable("string"), detail: nullable("string"),
                  },
                },
              },
              record: { type: "object", description: "The measurement record v1 as received (lib/measurement/schema.ts), without the producer's verdict" },
              license: { type: "string" },
            },
          },
        ],
      },
      Annotation: {
        type: "object",
        properties: {
          id: { type: "string" },
          date: { type: "string", format: "date" },
          end_date: { type: ["string", "null"], format: "date" },
          title: { type: "string", description: "Plain text, never HTML" },
          body: nullable("string"),
          outlet: { type: "string" },
          source_date: { type: "string", format: "date" },
          url: { type: ["string", "null"], description: "Only where the exact address is known" },
          services: { type: "array", items: { type: "string", enum: [...SERVICES] } },
          country: { type: "string" },
          not_measured: { type: "boolean" },
          seeded: { type: "boolean", description: "A known event from the code; read-only through the API" },
          created_at: { type: "string", format: "date-time" },
          updated_at: { type: "string", format: "date-time" },
        },
      },
      AnnotationCreate: {
        type: "object",
        required: ["date", "title", "outlet", "source_date", "country"],
        additionalProperties: false,
        properties: {
          date: { type: "string", format: "date" },
          end_date: { type: ["string", "null"], format: "date" },
          title: { type: "string", minLength: 1, maxLength: 300 },
          body: { type: ["string", "null"], maxLength: 5000 },
          outlet: { type: "string", minLength: 1, maxLength: 200 },
          source_date: { type: "string", format: "date" },
          url: { type: ["string", "null"], format: "uri" },
          services: { type: "array", items: { type: "string", enum: [...SERVICES] } },
          country: { type: "string", pattern: "^[A-Z]{2}$" },
          not_measured: { type: "boolean", default: false },
        },
      },
      Event: {
        type: "object",
        properties: {
          id: { type: "string", description: "Derived from service, scope and onset bucket: stable across re-runs" },
          service: { type: "string" },
          country: { type: "string" },
          kind: { type: "string", enum: ["block", "outage"] },
          scope: { type: "string", description: "network:CC:ASN or country:CC" },
          asns: { type: "array", items: { type: "integer" } },
          regions: { type: "array", items: { type: "string" } },
          technique: { type: ["string", "null"], enum: [...TECHNIQUES, null] },
          severity: { type: "number" },
          started_at: { type: "string", format: "date-time" },
          onset_from: { type: "string", format: "date-time", description: "Last healthy bucket before the onset (= started_at when unknown)" },
          onset_to: { type: "string", format: "date-time" },
          ended_at: { type: ["string", "null"], format: "date-time", description: "null while ongoing" },
          ongoing: { type: "boolean" },
          evidence: { type: "object" },
          measurement_ids: { type: "array", items: { type: "string" } },
        },
      },
      DetectorBucket: {
        type: "object",
        description: "One reported bucket of one network. At the hour or day grain, the 10-minute decisions inside summarised: state anomalous if any was, else unknown if more were unknown than ok, else ok; counts summed; probes, owners, active_owners the most in one 10-minute bucket; anomalous_owners and quorum of the 10-minute bucket with the most failing owners.",
        properties: {
          ...DETECTOR_BUCKET_SPAN,
          buckets: { ...DETECTOR_STATE_COUNTS, description: "10-minute buckets inside, by state" },
          rounds: { type: "integer", description: "Rounds stored" },
          evidence_rounds: { type: "integer", description: "Rounds counted as evidence (readable, or a carried throughput judgement)" },
          anomalous_rounds: { type: "integer" },
          probes: { type: "integer" },
          owners: { type: "integer", description: "Distinct owners with a readable round" },
          active_owners: { type: "integer", description: "Owners sizing the quorum (reporting now or within the active window)" },
          anomalous_owners: { type: "integer" },
          quorum: { type: "integer", description: "Failing owners required: max(min_owners, ceil(quorum_share x active_owners))" },
          quorum_met: { type: "boolean", description: "Failing owners reached the quorum (the bucket is anomalous)" },
          technique: { type: ["string", "null"], enum: [...TECHNIQUES, null] },
          phase: { type: "string", enum: ["idle", "pending", "open"], description: "The network's run after the bucket: none, pending, an open event" },
          event_ids: { type: "array", items: { type: "string" }, description: "Network events covering part of the bucket" },
        },
      },
      DetectorState: {
        type: "object",
        properties: {
          test_name: { type: "string" },
          probe_cc: { type: "string" },
          probe_asn: { type: ["integer", "null"] },
          since: { type: "string", format: "date-time" },
          until: { type: "string", format: "date-time" },
          grain: { type: "string", enum: Object.keys(DETECTOR_GRAINS) },
          frontier: { type: ["string", "null"], format: "date-time", description: "Newest 10-minute bucket with data read; later buckets are unknown" },
          rules: { type: "object", description: "The detector thresholds the states follow (lib/detect/config.ts)" },
          networks: { type: "array", items: { type: "object", properties: { probe_asn: { type: "integer" }, buckets: { type: "array", items: ref("DetectorBucket") } } } },
          country: {
            type: ["array", "null"],
            description: "Without probe_asn: per bucket, how the networks stood; anomalous when at least country_min_asns networks were anomalous in one 10-minute bucket",
            items: {
              type: "object",
              properties: {
                ...DETECTOR_BUCKET_SPAN,
                networks: { ...DETECTOR_STATE_COUNTS, description: "Networks by their state in the bucket" },
                anomalous_networks: { type: "integer" },
                quorum: { type: "integer", description: "country_min_asns" },
                quorum_met: { type: "boolean" },
                networks_in_event: { type: "integer" },
                event_ids: { type: "array", items: { type: "string" }, description: "Country events covering part of the bucket" },
              },
            },
          },
          events: { type: "array", items: { type: "object" }, description: "Events of the scope overlapping the range, as the re-run sees them up to until" },
        },
      },
    },
  },
} as const;
