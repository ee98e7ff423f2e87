// The one query-parameter parser: a strict zod object whose keys are the parameters a
// route knows. An unknown parameter, a repeated one or a bad value is an issue naming it
// (lib/api/params.ts has the shared pieces and the public API's own parsers).
import { z } from "zod";
import { searchParamsObject, zodIssues, type ParamIssue, type Parsed } from "../api/params";
import type { Issue } from "./error";

export type QueryParser<Q> = (params: URLSearchParams) => Parsed<Q>;

export function zodQuery<S extends z.ZodObject>(schema: S): QueryParser<z.infer<S>> {
  const known = Object.keys(schema.shape);
  return (params) => {
    const { values, issues } = searchParamsObject(params, known);
    const parsed = schema.safeParse(values);
    if (!parsed.success) issues.push(...zodIssues(parsed.error));
    return !parsed.success || issues.length > 0 ? { ok: false, issues } : { ok: true, value: parsed.data };
  };
}

/** Routes that take no query parameters: any given is refused, naming it. */
export const noQuery: QueryParser<Record<string, never>> = zodQuery(z.strictObject({}));

export function queryIssues(issues: ParamIssue[]): Issue[] {
  return issues.map((i) => ({ in: "query", path: i.parameter, message: i.message }));
}

/**
 * For routes whose own parser reads the whole URL and names unknown or bad parameters
 * itself (the explorer's view contract, lib/exports/view-request.ts): every parameter
 * passes through to the handler.
 */
export const ownQuery: QueryParser<URLSearchParams> = (params) => ({ ok: true, value: params });
