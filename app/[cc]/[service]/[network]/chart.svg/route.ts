// GET /{cc}/{service}/as{asn}/chart.svg (see ../../kit-handlers.ts).
import { kitGet } from "../../kit-handlers";

export const dynamic = "force-dynamic";

export function GET(request: Request, ctx: { params: Promise<{ cc: string; service: string; network: string }> }): Promise<Response> {
  return kitGet("svg", request, ctx.params);
}
