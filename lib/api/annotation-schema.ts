// Annotations as the operator API accepts them (pure, zod). Text is plain text: stored as
// given and rendered as text, never as HTML; control characters other than newlines are refused.
import { z } from "zod";
import { SERVICES } from "../measurement/vocabulary";
import type { AnnotationCreate, AnnotationListQuery, AnnotationPatch } from "../query/annotations";
import { countryParam, type ParamIssue, parseInstant, searchParamsObject, serviceParam, zodIssues, type Parsed } from "./params";

const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `at most ${max} characters`)
    .refine((v) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(v), "control characters are not allowed (newlines are)");

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
  .refine((v) => parseInstant(v) !== null, "not a calendar date");

const httpsUrl = z
  .string()
  .max(2048)
  .url("expected an absolute URL")
  .refine((v) => /^https?:\/\//i.test(v), "expected an http(s) URL");

export const annotationFields = {
  date: isoDay,
  end_date: isoDay.nullable(),
  title: plainText(300),
  body: plainText(5000).nullable(),
  outlet: plainText(200),
  source_date: isoDay,
  /** Only where the exact address is known; never a guessed one. */
  url: httpsUrl.nullable(),
  services: z.array(z.enum(SERVICES)).max(SERVICES.length),
  country: z.string().regex(/^[A-Z]{2}$/, "expected a two-letter country code such as RU"),
  not_measured: z.boolean(),
};

export const annotationCreateSchema: z.ZodType<AnnotationCreate> = z
  .strictObject({
    ...annotationFields,
    end_date: annotationFields.end_date.optional(),
    body: annotationFields.body.optional(),
    url: annotationFields.url.optional(),
    services: annotationFields.services.optional(),
    not_measured: annotationFields.not_measured.optional(),
  })
  .refine((a) => !a.end_date || a.end_date >= a.date, { path: ["end_date"], message: "must not be before date" });


export const annotationPatchSchema: z.ZodType<AnnotationPatch> = z
  .strictObject(Object.fromEntries(Object.entries(annotationFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof annotationFields]: z.ZodOptional<(typeof annotationFields)[K]>;
  })
  .refine((a) => Object.keys(a).length > 0, { message: "nothing to change" });


export const ANNOTATION_LIST_PARAMETERS = ["country", "test_name", "since", "until"] as const;

export function parseAnnotationListParams(params: URLSearchParams): Parsed<AnnotationListQuery> {
  const { values, issues } = searchParamsObject(params, ANNOTATION_LIST_PARAMETERS);
  const r = z
    .strictObject({ country: countryParam.optional(), test_name: serviceParam.optional(), since: isoDay.optional(), until: isoDay.optional() })
    .safeParse(values);
  if (!r.success) issues.push(...zodIssues(r.error));
  if (!r.success || issues.length > 0) return { ok: false, issues: issues as ParamIssue[] };
  return { ok: true, value: { country: r.data.country, service: r.data.test_name, since: r.data.since, until: r.data.until } };
}
