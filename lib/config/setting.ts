// The building blocks of the configuration schema (lib/config/schema.ts): each builder
// returns a Setting that reads one environment variable's raw text with zod and carries
// what docs/configuration.md prints about it (type, default, bounds, description).
// An empty value counts as unset, as a shell's `VAR=` means.
import { z } from "zod";

export type SettingGroup = "server" | "store" | "operator" | "limits" | "uploads" | "notices" | "detection" | "maintenance";

export interface SettingDoc {
  group: SettingGroup;
  type: string;
  /** The default as docs print it ("" when the setting is off unless set). */
  default: string;
  bounds: string;
  description: string;
  /** Never echoed back in an error message. */
  secret: boolean;
  /** How a bad value is echoed back (URLs: without their password). */
  redact?: (value: string) => string;
}

export interface Setting<T> {
  read(raw: string | undefined): { ok: true; value: T } | { ok: false; message: string };
  doc: SettingDoc;
}

interface Common {
  group: SettingGroup;
  description: string;
}

/** A URL fit for error messages: the password is never printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]*)@/, "//$1:***@");
}

function setting<T>(schema: z.ZodType<T>, fallback: (() => T) | undefined, doc: SettingDoc): Setting<T> {
  return {
    doc,
    read(raw) {
      const text = raw === undefined || raw.trim() === "" ? undefined : raw.trim();
      if (text === undefined) {
        return { ok: true, value: fallback ? fallback() : (undefined as T) };
      }
      const result = schema.safeParse(text);
      if (result.success) return { ok: true, value: result.data };
      const got = doc.secret ? "(value hidden)" : `(got "${doc.redact ? doc.redact(text) : text}")`;
      return { ok: false, message: `${result.error.issues[0]?.message ?? "invalid"} ${got}` };
    },
  };
}

function wholeNumber(min: number, max: number | undefined): z.ZodType<number> {
  const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  return z
    .string()
    .regex(/^-?\d+$/, `expected a whole number ${range}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `expected a whole number ${range}`).max(max ?? Number.MAX_SAFE_INTEGER, `expected a whole number ${range}`));
}

function bounds(min: number, max: number | undefined): string {
  return max === undefined ? `>= ${min}` : `${min}-${max}`;
}

/** A whole number with a default (a function when it depends on the machine, with `defaultText` for docs). */
export function int(o: Common & { default: number | (() => number); defaultText?: string; min: number; max?: number }): Setting<number> {
  const fallback = typeof o.default === "function" ? o.default : () => o.default as number;
  return setting(wholeNumber(o.min, o.max), fallback, {
    group: o.group,
    type: "integer",
    default: o.defaultText ?? String(o.default),
    bounds: bounds(o.min, o.max),
    description: o.description,
    secret: false,
  });
}

/** A whole number that is unset unless given (the feature it sizes is off then). */
export function optionalInt(o: Common & { min: number; max?: number }): Setting<number | undefined> {
  return setting<number | undefined>(wholeNumber(o.min, o.max), undefined, {
    group: o.group,
    type: "integer",
    default: "",
    bounds: bounds(o.min, o.max),
    description: o.description,
    secret: false,
  });
}

/** A non-negative number (fractions allowed), with a default. */
export function seconds(o: Common & { default: number; min: number; unit: string }): Setting<number> {
  const schema = z
    .string()
    .refine((s) => /^\d+(\.\d+)?$/.test(s), `expected a number of ${o.unit}, at least ${o.min}`)
    .transform(Number)
    .pipe(z.number().min(o.min, `expected a number of ${o.unit}, at least ${o.min}`));
  return setting(schema, () => o.default, {
    group: o.group,
    type: `number (${o.unit})`,
    default: String(o.default),
    bounds: `>= ${o.min}`,
    description: o.description,
    secret: false,
  });
}

/** Free text with a default. */
export function text(o: Common & { default: string }): Setting<string> {
  return setting(z.string(), () => o.default, { group: o.group, type: "string", default: o.default, bounds: "", description: o.description, secret: false });
}

/** Free text that is unset unless given (a path, a name). */
export function optionalText(o: Common & { type?: string }): Setting<string | undefined> {
  return setting<string | undefined>(z.string(), undefined, {
    group: o.group,
    type: o.type ?? "string",
    default: "",
    bounds: "",
    description: o.description,
    secret: false,
  });
}

/** A secret that is unset unless given; never printed in errors. */
export function secret(o: Common & { minLength: number }): Setting<string | undefined> {
  const schema = z.string().min(o.minLength, `expected at least ${o.minLength} characters`);
  return setting<string | undefined>(schema, undefined, {
    group: o.group,
    type: "secret",
    default: "",
    bounds: `>= ${o.minLength} characters`,
    description: o.description,
    secret: true,
  });
}

/** One of a few words. */
export function oneOf<const T extends readonly [string, ...string[]]>(o: Common & { values: T; default: T[number] }): Setting<T[number]> {
  const schema = z.enum(o.values, { error: () => `expected one of ${o.values.join(", ")}` }) as unknown as z.ZodType<T[number]>;
  return setting(schema, () => o.default, {
    group: o.group,
    type: "enum",
    default: o.default,
    bounds: o.values.join(" | "),
    description: o.description,
    secret: false,
  });
}

/** A URL with one of the given schemes, unset unless given; a password in it is never printed. */
export function optionalUrl(o: Common & { schemes: readonly string[] }): Setting<string | undefined> {
  const expected = `expected a URL starting with ${o.schemes.map((s) => `${s}://`).join(" or ")}`;
  const schema = z.string().refine((s) => {
    try {
      return o.schemes.includes(new URL(s).protocol.slice(0, -1));
    } catch {
      return false;
    }
  }, expected);
  return setting<string | undefined>(schema, undefined, {
    group: o.group,
    type: "URL",
    default: "",
    bounds: o.schemes.map((s) => `${s}://`).join(", "),
    description: o.description,
    secret: false,
    redact: redactUrl,
  });
}

/** On when set to 1, true or yes; off when unset, 0, false or no. */
export function flag(o: Common): Setting<boolean> {
  const schema = z
    .string()
    .toLowerCase()
    .refine((s) => ["1", "true", "yes", "0", "false", "no"].includes(s), "expected 1, true, yes, 0, false or no")
    .transform((s) => ["1", "true", "yes"].includes(s));
  return setting(schema, () => false, { group: o.group, type: "boolean", default: "false", bounds: "1/true/yes or 0/false/no", description: o.description, secret: false });
}

/** Text read by a domain parser (which throws a message on a bad value); unset: `fallback`. */
export function parsed<T>(o: Common & { type: string; default: string; parse: (text: string) => T; fallback: T }): Setting<T> {
  const schema = z.string().transform((s, ctx) => {
    try {
      return o.parse(s);
    } catch (error) {
      // The parser may name the variable itself; the ConfigError names it once.
      ctx.addIssue({ code: "custom", message: (error as Error).message.replace(/^[A-Z][A-Z0-9_]*: /, "") });
      return z.NEVER;
    }
  });
  return setting(schema, () => o.fallback, { group: o.group, type: o.type, default: o.default, bounds: "", description: o.description, secret: false });
}
