// PostgreSQL text and jsonb cannot hold U+0000 or unpaired UTF-16 surrogates; JSON can.
// Such a batch would fail deep in the INSERT: find every offending string (or key) first,
// so the probe gets a 400 naming where, instead of a 500.
export interface TextIssue {
  path: string;
  message: string;
}

const MAX_ISSUES = 20;

export function unstorableText(value: unknown, path: string[] = []): TextIssue[] {
  const issues: TextIssue[] = [];
  // One mutable path, joined only when something is wrong: this walks every string of a
  // batch, so it must not allocate per node.
  const walk = (v: unknown): void => {
    if (issues.length >= MAX_ISSUES) return;
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) issues.push({ path: path.join("."), message: problem });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(String(i));
        walk(v[i]);
        path.pop();
      }
    } else if (v !== null && typeof v === "object") {
      for (const k in v) {
        path.push(k);
        const problem = textProblem(k);
        if (problem) issues.push({ path: path.join("."), message: `key: ${problem}` });
        walk((v as Record<string, unknown>)[k]);
        path.pop();
      }
    }
  };
  walk(value);
  return issues;
}

/**
 * Whether JSON text made by JSON.stringify may hold such text: it writes U+0000 as
 * \u0000 and an unpaired surrogate as \udXXX (paired ones stay raw). A false alarm
 * (an escaped backslash before "u0000") only costs the exact walk above.
 */
export function mayHoldUnstorableText(json: string): boolean {
  return ESCAPED_SUSPECT.test(json);
}

const ESCAPED_SUSPECT = /\\u(?:0000|d[89a-f])/i;

const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(s: string): string | null {
  // Fast path: only strings with a NUL or any surrogate need a closer look.
  if (!SUSPECT.test(s)) return null;
  if (s.includes("\u0000")) return "contains a NUL character (U+0000), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate, which cannot be stored";
  return null;
}
