// GET /api/v1/probes/bundle[?sha256=HEX]: the probe tarball the install command and
// self-updating probes fetch (built by `npm start` or `npm run probe:bundle`;
// VANTAGE_PROBE_BUNDLE points elsewhere). With `sha256`, a bundle published since under
// another hash is refused (409) rather than served to a command that would reject it.
import { readFile } from "node:fs/promises";
import { ApiError, toResponse } from "@/lib/volunteers/http";
import { publishedBundle } from "../_lib/bundle";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const bundle = await publishedBundle();
    if (!bundle) throw new ApiError(404, "the probe bundle has not been built on this server (run npm run probe:bundle)");
    const wanted = new URL(request.url).searchParams.get("sha256");
    if (wanted !== null && wanted !== bundle.sha256) {
      throw new ApiError(409, "the probe bundle has changed since this command was made: copy a fresh command from the page", [{ path: "query.sha256", message: "not the published bundle" }]);
    }
    const body = await readFile(bundle.file).catch(() => {
      throw new ApiError(404, "the probe bundle has not been built on this server (run npm run probe:bundle)");
    });
    return new Response(new Uint8Array(body), {
      headers: {
        "content-type": "application/gzip",
        "content-disposition": 'attachment; filename="vantage-probe.tar.gz"',
        "cache-control": "no-cache",
        ...(bundle.version ? { "x-probe-version": bundle.version } : {}),
      },
    });
  } catch (error) {
    return toResponse(error);
  }
}
