// GET /api/v1/dumps/{YYYY-MM-DD}.jsonl.gz: every measurement started on that UTC day, one
// JSON document per line (as GET /api/v1/measurements/{id} shows it), gzip, streamed.
import { dumpDay, jsonLinesGzipStream } from "@/lib/api/dump-stream";
import { MEASUREMENTS_LICENSE } from "@/lib/api/measurement-view";
import { readRateLimited, withReadSlot } from "@/lib/api/read-guard";
import { badRequest, errorResponse, internalError } from "@/lib/api/respond";
import { countRequest } from "@/lib/metrics";
import { dayPage } from "@/lib/store/queries/measurements";
import { getStore } from "@/lib/server/store";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/dumps/{day}.jsonl.gz";

export async function GET(request: Request, context: { params: Promise<{ file: string }> }): Promise<Response> {
  const limited = readRateLimited(request, ROUTE);
  if (limited) return limited;
  const { file } = await context.params;
  const day = dumpDay(file);
  if (!day) return badRequest(ROUTE, [{ parameter: "day", message: `expected YYYY-MM-DD.jsonl.gz with a real date, got "${file}"` }]);
  try {
    const store = await getStore();
    const first = await withReadSlot(() => dayPage(store, day, null, 1));
    if (first.length === 0) return errorResponse(ROUTE, 404, `no measurements on ${day}`);
    countRequest(ROUTE, 200);
    // Each page of the stream takes a heavy-read slot of its own: a slow reader holds none.
    return new Response(jsonLinesGzipStream((after, limit) => withReadSlot(() => dayPage(store, day, after, limit))), {
      headers: {
        "content-type": "application/gzip",
        "content-disposition": `attachment; filename="vantage-measurements-${day}.jsonl.gz"`,
        "x-license": MEASUREMENTS_LICENSE.text,
        link: `<${MEASUREMENTS_LICENSE.url}>; rel="license"`,
        "cache-control": "public, max-age=300",
      },
    });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}
