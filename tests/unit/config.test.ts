// The configuration schema (lib/config): defaults, bounds, and errors that name the variable.
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, SETTINGS } from "../../lib/config";

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.name}: ${p.message}`);
  }
  return [];
}

describe("configuration", () => {
  it("gives every setting its default in an empty environment", () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe("0.0.0.0");
    expect(c.VANTAGE_SEED_DEMO).toBe("auto");
    expect(c.VANTAGE_MAX_BATCH_BYTES).toBe(16 * 1024 * 1024);
    expect(c.VANTAGE_DETECT_INTERVAL_S).toBe(60);
    expect(c.VANTAGE_UPLOAD_WORKERS).toBeGreaterThanOrEqual(1);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.VANTAGE_DEBUG).toBe(false);
  });

  it("reads given values with their types, and counts an empty value as unset", () => {
    const c = parseConfig({ PORT: "8080", VANTAGE_DETECT_INTERVAL_S: "0.5", VANTAGE_SEED_DEMO: "never", VANTAGE_DEBUG: "yes", VANTAGE_UPLOAD_WORKERS: "0", VANTAGE_DATA_DIR: "" });
    expect(c).toMatchObject({ PORT: 8080, VANTAGE_DETECT_INTERVAL_S: 0.5, VANTAGE_SEED_DEMO: "never", VANTAGE_DEBUG: true, VANTAGE_UPLOAD_WORKERS: 0, VANTAGE_DATA_DIR: ".data" });
  });

  it("names every bad variable and what it expects", () => {
    expect(problems({ PORT: "70000", VANTAGE_UPLOAD_WORKERS: "two", VANTAGE_SEED_DEMO: "always" })).toEqual([
      'PORT: expected a whole number from 1 to 65535 (got "70000")',
      'VANTAGE_SEED_DEMO: expected one of auto, never (got "always")',
      'VANTAGE_UPLOAD_WORKERS: expected a whole number from 0 to 64 (got "two")',
    ]);
    expect(problems({ VANTAGE_DETECT_INTERVAL_S: "-1" })).toEqual(['VANTAGE_DETECT_INTERVAL_S: expected a number of seconds, at least 0 (got "-1")']);
    expect(problems({ VANTAGE_TRUSTED_PROXIES: "10.0.0.0/8, proxy.local" })).toEqual([
      'VANTAGE_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR (got "10.0.0.0/8, proxy.local")',
    ]);
    expect(problems({ VANTAGE_SMTP_URL: "http://mail" })).toEqual(['VANTAGE_SMTP_URL: expected a URL starting with smtp:// or smtps:// (got "http://mail")']);
  });

  it("never prints a secret or a URL's password", () => {
    expect(problems({ VANTAGE_OPERATOR_TOKEN: "short-secret" })).toEqual(["VANTAGE_OPERATOR_TOKEN: expected at least 16 characters (value hidden)"]);
    expect(problems({ DATABASE_URL: "mysql://u:hunter2@h/db" })).toEqual([
      'DATABASE_URL: expected a URL starting with postgres:// or postgresql:// (got "mysql://u:***@h/db")',
    ]);
  });

  it("describes every setting for docs/configuration.md", () => {
    for (const [name, setting] of Object.entries(SETTINGS)) {
      expect(name).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(setting.doc.description.length, name).toBeGreaterThan(10);
      expect(setting.doc.type, name).not.toBe("");
    }
  });
});
