// GET /events/feed.json: JSON Feed 1.1 of event openings and endings (../feed-handler.ts).
import { feedGet } from "../feed-handler";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return feedGet("json", request);
}
