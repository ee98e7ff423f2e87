// GET /api/v1/dumps/{YYYY-MM-DD}.jsonl.gz: every measurement started on that UTC day, one
// JSON document per line (as GET /api/v1/measurements/{id} shows it), gzip, streamed.
import { dumpDay, jsonLinesGzipStream } from "@/lib/api/dump-stream";
import { MEASUREMENTS_LICENSE } from "@/lib/api/measurement-view";
import { withReadSlot } from "@/lib/api/read-guard";
import { HttpError, invalidRequest, route } from "@/lib/http";
import { dayPage } from "@/lib/store/queries/measurements";

export const dynamic = "force-dynamic";

export const GET = route<Record<string, never>, { file: string }>("/api/v1/dumps/{day}.jsonl.gz", { publicRead: true }, async ({ params: { file }, store }) => {
  const day = dumpDay(file);
  if (!day) throw invalidRequest([{ in: "path", path: "day", message: `expected YYYY-MM-DD.jsonl.gz with a real date, got "${file}"` }]);
  const db = await store();
  const first = await withReadSlot(() => dayPage(db, day, null, 1));
  if (first.length === 0) throw new HttpError(404, `no measurements on ${day}`);
  // Each page of the stream takes a heavy-read slot of its own: a slow reader holds none.
  return new Response(jsonLinesGzipStream((after, limit) => withReadSlot(() => dayPage(db, day, after, limit))), {
    headers: {
      "content-type": "application/gzip",
      "content-disposition": `attachment; filename="vantage-measurements-${day}.jsonl.gz"`,
      "x-license": MEASUREMENTS_LICENSE.text,
      link: `<${MEASUREMENTS_LICENSE.url}>; rel="license"`,
      "cache-control": "public, max-age=300",
    },
  });
});
