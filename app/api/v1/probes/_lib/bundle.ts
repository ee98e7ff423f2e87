// The probe bundle this server publishes: the tarball served at /api/v1/probes/bundle, and
// beside it the manifest the build wrote (`<bundle>.json`: version and SHA-256). The install
// command shows the hash and checks the download against it; running probes read version
// and hash from their config to update themselves. A bundle without a manifest (an
// operator's own VANTAGE_PROBE_BUNDLE) is hashed here and offered to installs only: with no
// version there is nothing to update to.
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { config } from "@/lib/config";
import { bundleManifestSchema, manifestFileOf } from "@/lib/volunteers/bundle-manifest";
import type { PublishedSoftware } from "@/lib/volunteers/requests";

export interface PublishedBundle {
  file: string;
  sha256: string;
  version: string | null;
}

export function bundleFile(): string {
  return config().VANTAGE_PROBE_BUNDLE ?? join(process.cwd(), ".data", "bundle", "vantage-probe.tar.gz");
}

const cacheKey = Symbol.for("vantage.published-bundle");
const g = globalThis as unknown as Record<symbol, { stamp: string; bundle: PublishedBundle } | undefined>;

/** The published bundle, or null when none is built; re-read whenever the files change. */
export async function publishedBundle(): Promise<PublishedBundle | null> {
  const file = bundleFile();
  const manifestFile = manifestFileOf(file);
  const [bundleStat, manifestStat] = await Promise.all([stat(file).catch(() => null), stat(manifestFile).catch(() => null)]);
  if (!bundleStat) return null;
  const stamp = `${file}|${bundleStat.mtimeMs}|${bundleStat.size}|${manifestStat?.mtimeMs ?? "-"}`;
  const cached = g[cacheKey];
  if (cached?.stamp === stamp) return cached.bundle;
  let bundle: PublishedBundle | null = null;
  if (manifestStat) {
    const parsed = bundleManifestSchema.safeParse(JSON.parse(await readFile(manifestFile, "utf8").catch(() => "null")));
    if (parsed.success) bundle = { file, sha256: parsed.data.sha256, version: parsed.data.version };
    else console.error(`${manifestFile}: not a bundle manifest (${parsed.error.issues[0]?.message}); serving the bundle without a version`);
  }
  bundle ??= { file, sha256: createHash("sha256").update(await readFile(file)).digest("hex"), version: null };
  g[cacheKey] = { stamp, bundle };
  return bundle;
}

/** Where a probe downloads this bundle: the path names the hash it must have. */
export function bundlePath(sha256: string): string {
  return `/api/v1/probes/bundle?sha256=${sha256}`;
}

/** What a probe's config says about the software to run; null without a versioned bundle. */
export function publishedSoftware(bundle: PublishedBundle | null): PublishedSoftware | null {
  if (!bundle?.version) return null;
  return { version: bundle.version, sha256: bundle.sha256, url: bundlePath(bundle.sha256) };
}
