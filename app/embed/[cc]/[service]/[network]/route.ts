// GET /embed/{cc}/{service}/as{asn} (../../../embed-handler.ts).
import { embedGet } from "../../../embed-handler";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ cc: string; service: string; network: string }> }): Promise<Response> {
  return embedGet(request, await ctx.params);
}
