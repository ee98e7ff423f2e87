// GET /{cc}/{service}/chart.svg (see ../kit-handlers.ts).
import { kitGet } from "../kit-handlers";

export const dynamic = "force-dynamic";

export function GET(request: Request, ctx: { params: Promise<{ cc: string; service: string }> }): Promise<Response> {
  return kitGet("svg", request, ctx.params);
}
