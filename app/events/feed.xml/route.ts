// GET /events/feed.xml: RSS 2.0 of event openings and endings (../feed-handler.ts).
import { feedGet } from "../feed-handler";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return feedGet("rss", request);
}
