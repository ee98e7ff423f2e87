// The one place that reads the process environment. `config()` parses every setting of
// lib/config/schema.ts at once; a bad value throws a ConfigError naming each bad variable
// (`npm start` and every command call it first, so a bad value stops the start).
//
// Parsed once: the result is kept and handed out again for as long as the environment's
// values of the declared variables are unchanged. Comparing those ~25 strings costs far
// less than a request; it lets tests (and nothing else) vary a setting between cases by
// assigning process.env, without a reset hook in every module.
import { SETTINGS, type SettingName } from "./schema";
import type { Setting } from "./setting";

export type Config = { readonly [K in SettingName]: (typeof SETTINGS)[K] extends Setting<infer T> ? T : never };

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: { name: SettingName; message: string }[]) {
    super(problems.map((p) => `${p.name}: ${p.message}`).join("; "));
  }
}

const NAMES = Object.keys(SETTINGS) as SettingName[];
type Environment = Record<string, string | undefined>;

/** Parses the settings from `env` (pure: no cache, no process state). */
export function parseConfig(env: Environment): Config {
  const values: Record<string, unknown> = {};
  const problems: { name: SettingName; message: string }[] = [];
  for (const name of NAMES) {
    const result = (SETTINGS[name] as Setting<unknown>).read(env[name]);
    if (result.ok) values[name] = result.value;
    else problems.push({ name, message: result.message });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as Config;
}

let cached: { key: string; config: Config } | null = null;

/** The server's configuration, from the process environment. Throws ConfigError on a bad value. */
export function config(): Config {
  const env = process.env;
  const key = NAMES.map((n) => env[n] ?? "\u0000").join("\u0001");
  if (cached?.key !== key) cached = { key, config: parseConfig(env) };
  return cached.config;
}

/**
 * The environment for a child process this one starts (the Next.js server, Prisma's CLI,
 * a benchmark's server): this process's own plus `extra`.
 */
export function childEnvironment(extra: Environment = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

export { redactUrl } from "./setting";
export { SETTINGS, MIN_OPERATOR_TOKEN_LENGTH, DEFAULT_DETECT_INTERVAL_S, DEFAULT_DETECT_HISTORY_HOURS, defaultWorkerCount, type SettingName } from "./schema";
