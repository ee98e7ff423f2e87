// Structured logs: one JSON object per line on stdout (requests) or stderr (errors), at or
// above VANTAGE_LOG_LEVEL. Never a client's address or credential.
import { config } from "../config";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function threshold(): number {
  try {
    return LOG_LEVELS.indexOf(config().VANTAGE_LOG_LEVEL);
  } catch {
    return 0; // a bad configuration must not silence the log that reports problems
  }
}

export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  if (LOG_LEVELS.indexOf(level) < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }) + "\n";
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line);
}
