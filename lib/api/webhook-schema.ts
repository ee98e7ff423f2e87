// POST /api/v1/webhooks body (pure): the receiver's URL and an optional filter.
import { z } from "zod";
import { webhookUrlProblem } from "../webhooks/destination";
import { asnParam, countryParam, serviceParam, type Parsed, zodIssues } from "./params";
import type { WebhookFilter } from "../webhooks/webhook";

export function parseWebhookBody(body: unknown, allowPrivate: boolean): Parsed<WebhookFilter & { url: string }> {
  const r = z
    .strictObject({
      url: z.string({ error: () => "expected the receiver's URL as a string" }).superRefine((v, ctx) => {
        const problem = webhookUrlProblem(v, allowPrivate);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
      service: serviceParam.optional(),
      country: countryParam.optional(),
      asn: z.union([z.number().int().transform(String), z.string()]).pipe(asnParam).optional(),
    })
    .safeParse(body);
  if (!r.success) return { ok: false, issues: zodIssues(r.error).map((i) => ({ ...i, parameter: `body.${i.parameter === "(query)" ? "" : i.parameter}`.replace(/\.$/, "") })) };
  return { ok: true, value: { url: r.data.url, service: r.data.service ?? null, country: r.data.country ?? null, asn: r.data.asn ?? null } };
}
