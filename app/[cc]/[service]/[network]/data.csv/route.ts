// GET /{cc}/{service}/as{asn}/data.csv (see ../../kit-handlers.ts).
import { kitGet } from "../../kit-handlers";

export const dynamic = "force-dynamic";

export function GET(request: Request, ctx: { params: Promise<{ cc: string; service: string; network: string }> }): Promise<Response> {
  return kitGet("csv", request, ctx.params);
}
