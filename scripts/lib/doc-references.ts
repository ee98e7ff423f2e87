// The references a Markdown document makes into the repository (pure): relative links
// and paths named in backticks. tests/unit/doc-links.test.ts checks each resolves.
import path from "node:path";

export interface DocReference {
  /** As written. */
  text: string;
  /** Repository-relative path it names. */
  target: string;
  line: number;
}

const ROOTS = /^(app|bench|components|deploy|docs|lib|prisma|probes|scripts|tests|public)\//;

export function docReferences(file: string, markdown: string): DocReference[] {
  const out: DocReference[] = [];
  const lines = markdown.split("\n");
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) return;
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const href = m[1];
      if (/^[a-z]+:/i.test(href) || href.startsWith("#")) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), href.split("#")[0]));
      out.push({ text: href, target, line: i + 1 });
    }
    for (const m of line.matchAll(/`([^`\s]+)`/g)) {
      const named = m[1].replace(/[:#].*$/, "").replace(/[.,;)]+$/, "");
      // Only plain repository paths: no globs, placeholders or command lines.
      if (!ROOTS.test(named) || /[*{}<>$]|\.\.\.|NNNN/.test(named)) continue;
      out.push({ text: m[1], target: path.posix.normalize(named), line: i + 1 });
    }
  });
  return out;
}
