// GET /api/v1/probes/bundle: the probe tarball the one-line install command fetches
// (built by `npm run probe:bundle`; VANTAGE_PROBE_BUNDLE points elsewhere if wanted).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { config } from "@/lib/config";
import { ApiError, toResponse } from "@/lib/volunteers/http";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const file = config().VANTAGE_PROBE_BUNDLE ?? join(process.cwd(), ".data", "bundle", "vantage-probe.tar.gz");
  try {
    const body = await readFile(file).catch(() => {
      throw new ApiError(404, "the probe bundle has not been built on this server (run npm run probe:bundle)");
    });
    return new Response(new Uint8Array(body), {
      headers: { "content-type": "application/gzip", "content-disposition": 'attachment; filename="vantage-probe.tar.gz"', "cache-control": "no-cache" },
    });
  } catch (error) {
    return toResponse(error);
  }
}
