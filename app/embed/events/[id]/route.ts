// GET /embed/events/{id}: the chart around one event, the event alone as its band.
import { eventEmbedGet } from "../../embed-handler";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return eventEmbedGet(request, (await ctx.params).id);
}
