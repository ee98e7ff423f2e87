// `npm run lint:layers`: checks the layer rules of scripts/lib/layers.ts over every
// TypeScript file in the repository; exits 1 listing each violation.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { layerViolations, type SourceFile } from "./lib/layers";

export function repositorySources(): SourceFile[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.tsx"], { encoding: "utf8" });
  return listed
    .split("\n")
    .filter((p) => p && !p.startsWith("lib/generated/") && fs.existsSync(p))
    .map((p) => ({ path: p, text: fs.readFileSync(p, "utf8") }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = layerViolations(repositorySources());
  for (const v of violations) console.error(`${v.file}: ${v.detail} (${v.rule})`);
  console.error(violations.length === 0 ? "layers: ok" : `layers: ${violations.length} violation(s)`);
  process.exit(violations.length === 0 ? 0 : 1);
}
