// GET /api/v1/probes/bundle[?sha256=HEX]: the probe tarball the install command and
// self-updating probes fetch (built by `npm start` or `npm run probe:bundle`;
// VANTAGE_PROBE_BUNDLE points elsewhere). With `sha256`, a bundle published since under
// another hash is refused (409) rather than served to a command that would reject it.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { HttpError, route, zodQuery } from "@/lib/http";
import { publishedBundle } from "../_lib/bundle";

export const dynamic = "force-dynamic";

const NOT_BUILT = "the probe bundle has not been built on this server (run npm run probe:bundle)";

export const GET = route("/api/v1/probes/bundle", { query: zodQuery(z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in hex").optional() })) }, async ({ query }) => {
  const bundle = await publishedBundle();
  if (!bundle) throw new HttpError(404, NOT_BUILT);
  if (query.sha256 !== undefined && query.sha256 !== bundle.sha256) {
    throw new HttpError(409, "the probe bundle has changed since this command was made: copy a fresh command from the page", {
      issues: [{ in: "query", path: "sha256", message: "not the published bundle" }],
    });
  }
  const body = await readFile(bundle.file).catch(() => {
    throw new HttpError(404, NOT_BUILT);
  });
  return new Response(new Uint8Array(body), {
    headers: {
      "content-type": "application/gzip",
      "content-disposition": 'attachment; filename="vantage-probe.tar.gz"',
      "cache-control": "no-cache",
      ...(bundle.version ? { "x-probe-version": bundle.version } : {}),
    },
  });
});
