// Every relative link and every repository path named in README.md and docs/ resolves, and
// the README states the probe interval the server hands out.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_INTERVAL_S } from "../../app/api/v1/probes/_lib/limits";
import { docReferences } from "../../scripts/lib/doc-references";

const DOCS = ["README.md", "bench/README.md", ...fs.readdirSync("docs").filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

describe("documentation references", () => {
  it("finds links and named paths, and skips URLs, anchors, globs and code blocks", () => {
    const refs = docReferences("docs/a.md", "See [b](b.md#x), [web](https://x.org), [top](#t), `lib/config/schema.ts:12`, `lib/*.ts`, `npm test`.\n```\n`lib/nope.ts`\n```");
    expect(refs.map((r) => r.target)).toEqual(["docs/b.md", "lib/config/schema.ts"]);
  });

  it.each(DOCS)("%s: every relative link and named path exists", (doc) => {
    const missing = docReferences(doc, fs.readFileSync(doc, "utf8"))
      .filter((r) => !fs.existsSync(path.resolve(r.target)))
      .map((r) => `${doc}:${r.line} ${r.text}`);
    expect(missing).toEqual([]);
  });

  it("states the default probe interval the code hands out", () => {
    expect(fs.readFileSync("README.md", "utf8")).toContain(`every ${DEFAULT_INTERVAL_S / 60} minutes`);
  });
});
