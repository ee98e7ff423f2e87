// PostgreSQL text and jsonb cannot hold U+0000 or unpaired UTF-16 surrogates; JSON can.
// Such a batch would fail deep in the INSERT: find every offending string (or key) first,
// so the probe gets a 400 naming where, instead of a 500.
export interface TextIssue {
  path: string;
  message: string;
}

const MAX_ISSUES = 20;

export function unstorableText(value: unknown, path: string[] = [], issues: TextIssue[] = []): TextIssue[] {
  if (issues.length >= MAX_ISSUES) return issues;
  if (typeof value === "string") {
    const problem = textProblem(value);
    if (problem) issues.push({ path: path.join("."), message: problem });
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length && issues.length < MAX_ISSUES; i++) unstorableText(value[i], [...path, String(i)], issues);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const problem = textProblem(k);
      if (problem) issues.push({ path: [...path, k].join("."), message: `key: ${problem}` });
      unstorableText(v, [...path, k], issues);
    }
  }
  return issues;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (U+0000), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate, which cannot be stored";
  return null;
}
