// GET /{cc}/{service}/data.json (see ../kit-handlers.ts).
import { kitGet } from "../kit-handlers";

export const dynamic = "force-dynamic";

export function GET(request: Request, ctx: { params: Promise<{ cc: string; service: string }> }): Promise<Response> {
  return kitGet("json", request, ctx.params);
}
