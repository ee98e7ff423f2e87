// The site's public origin while a page renders on the server (for absolute URLs in
// og:image, permalinks and embed code): the same rule as route handlers' publicOrigin.
import { headers } from "next/headers";
import { publicOrigin } from "../../app/api/v1/probes/_lib/install";

export async function pageOrigin(): Promise<string> {
  const head = await headers();
  return publicOrigin({ url: "http://localhost/", headers: head });
}
