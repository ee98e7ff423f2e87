// The manifest the probe bundle's build writes beside the tarball: what the server
// publishes (version, SHA-256) and what an installing or updating probe checks against.
import { z } from "zod";

export const bundleManifestSchema = z.object({
  version: z.string().min(1).max(64),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  built_at: z.string().optional(),
});
export type BundleManifest = z.infer<typeof bundleManifestSchema>;

export function manifestFileOf(bundleFile: string): string {
  return `${bundleFile}.json`;
}

/**
 * Orders probe versions: dot-separated numbers, then a pre-release after "-" sorts before
 * the release (0.2.0-rc1 < 0.2.0). Negative when a < b, 0 when equal, positive when a > b.
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core, pre] = v.split("-", 2);
    return { nums: core.split(".").map((n) => Number.parseInt(n, 10) || 0), pre: pre ?? null };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.max(x.nums.length, y.nums.length); i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}
