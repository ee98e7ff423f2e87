// Known blocking fingerprints (block-page bodies and headers, injected DNS answers), from a
// maintained public set: OONI's blocking-fingerprints repository, imported with its
// provenance into blocking-fingerprints.json by `npm run fingerprints:update` (no code
// change to update). A match is what makes a verdict "confirmed" (H1 for HTTP, D1 for DNS).
// Pure: the data file is validated at load and matched in memory.
import path from "node:path";
import { z } from "zod";
import rawFile from "./blocking-fingerprints.json";
import { csvRecords } from "./csv";

/** Scopes that name a censor (national, ISP, middlebox product, institution); not `fp` (false-positive markers) nor `vbw` (vague words). */
export const CONFIRMING_SCOPES = ["nat", "isp", "prod", "inst"] as const;

const fingerprintSchema = z.strictObject({
  /** Vantage id: OONI's name, lowercased, other characters as "_" (the record's fingerprint field). */
  id: z.string().regex(/^[a-z0-9_.-]{1,64}$/),
  /** The set's own name, as OONI writes it. */
  name: z.string().min(1),
  scope: z.string(),
  /** `body`, `header.<lowercase name>` or `dns`. */
  location: z.string().regex(/^(body|dns|header\.[a-z0-9-]+)$/),
  pattern_type: z.enum(["full", "prefix", "contains", "regexp"]),
  pattern: z.string().min(1),
  countries: z.array(z.string()),
});
export type Fingerprint = z.infer<typeof fingerprintSchema>;

export const fingerprintFileSchema = z.strictObject({
  source: z.strictObject({
    repository: z.string(),
    files: z.array(z.string()),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    committed_at: z.string(),
    note: z.string(),
  }),
  http: z.array(fingerprintSchema),
  dns: z.array(fingerprintSchema),
});
export type FingerprintFile = z.infer<typeof fingerprintFileSchema>;

/** OONI's name -> a valid fingerprint id. */
export function fingerprintId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]/g, "_").slice(0, 64);
}

/** The two CSV files of the set -> the data file; rows of other scopes than CONFIRMING_SCOPES are left out. */
export function fingerprintFileFromCsv(httpCsv: string, dnsCsv: string, source: FingerprintFile["source"]): FingerprintFile {
  const convert = (text: string) =>
    csvRecords(text, ["name", "scope", "location_found", "pattern_type", "pattern", "expected_countries"])
      .filter((r) => (CONFIRMING_SCOPES as readonly string[]).includes(r.scope.trim()) && r.pattern !== "")
      .map((r) => ({
        id: fingerprintId(r.name.trim()),
        name: r.name.trim(),
        scope: r.scope.trim(),
        location: r.location_found.trim().toLowerCase(),
        pattern_type: r.pattern_type.trim(),
        pattern: r.pattern,
        countries: r.expected_countries.split(",").map((c) => c.trim()).filter(Boolean),
      }));
  return fingerprintFileSchema.parse({ source, http: convert(httpCsv), dns: convert(dnsCsv) });
}

interface Matcher {
  fp: Fingerprint;
  test: (value: string) => boolean;
}

function matcherOf(fp: Fingerprint): Matcher | null {
  switch (fp.pattern_type) {
    case "full":
      return { fp, test: (v) => v === fp.pattern };
    case "prefix":
      return { fp, test: (v) => v.startsWith(fp.pattern) };
    case "contains":
      return { fp, test: (v) => v.includes(fp.pattern) };
    case "regexp":
      try {
        const re = new RegExp(fp.pattern);
        return { fp, test: (v) => re.test(v) };
      } catch {
        return null; // a pattern JavaScript cannot compile (Python-only syntax) matches nothing
      }
  }
}

export interface FingerprintSet {
  source: FingerprintFile["source"];
  /** Patterns that could not be compiled and are skipped. */
  skipped: string[];
  matchHttp(response: { body: string | null; headers: ReadonlyMap<string, string> }): Fingerprint | null;
  matchDns(address: string): Fingerprint | null;
}

export function fingerprintSet(file: FingerprintFile): FingerprintSet {
  const parsed = fingerprintFileSchema.parse(file);
  const skipped: string[] = [];
  const compile = (list: Fingerprint[]) =>
    list.flatMap((fp) => {
      const m = matcherOf(fp);
      if (!m) skipped.push(fp.name);
      return m ? [m] : [];
    });
  const http = compile(parsed.http);
  const dns = new Map(parsed.dns.filter((fp) => fp.pattern_type === "full").map((fp) => [fp.pattern.trim(), fp] as const));
  return {
    source: parsed.source,
    skipped,
    matchHttp({ body, headers }) {
      for (const m of http) {
        const value = m.fp.location === "body" ? body : headers.get(m.fp.location.slice("header.".length)) ?? null;
        if (value !== null && value !== "" && m.test(value)) return m.fp;
      }
      return null;
    },
    matchDns: (address) => dns.get(address) ?? null,
  };
}

let loaded: FingerprintSet | null = null;
/** The set shipped in lib/fingerprints/blocking-fingerprints.json. */
export function blockingFingerprints(): FingerprintSet {
  loaded ??= fingerprintSet(rawFile as FingerprintFile);
  return loaded;
}

/** Where the shipped data file lives (for the update script). */
export function blockingFingerprintsPath(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "fingerprints", "blocking-fingerprints.json");
}
