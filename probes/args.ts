// Command-line flags of `npm run probe`. Pure: returns the options or a message naming the
// bad flag, so the CLI stays a thin shell.
import { SERVICES, type ServiceId } from "../lib/measurement/vocabulary";
import { listedServices } from "../lib/targets";

export interface RunOptions {
  command: "run";
  once: true;
  config: string | null;
  services: ServiceId[];
  output: string | null;
  stats: boolean;
}

export type ParsedArgs = { ok: true; options: RunOptions } | { ok: true; help: true } | { ok: false; error: string };

export const USAGE = `usage: npm run probe -- run --once [--config FILE] [--services whatsapp,telegram,max] [--output FILE.jsonl] [--stats]`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes("--help") || argv.includes("-h")) return { ok: true, help: true };
  const [command, ...rest] = argv;
  if (command !== "run") return { ok: false, error: command ? `unknown command "${command}" (expected "run")` : `missing command "run"` };
  let once = false;
  let config: string | null = null;
  let output: string | null = null;
  let stats = false;
  let services: ServiceId[] = listedServices();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = (): string | null => {
      const v = rest[i + 1];
      if (v === undefined || v.startsWith("--")) return null;
      i++;
      return v;
    };
    switch (flag) {
      case "--once":
        once = true;
        break;
      case "--stats":
        stats = true;
        break;
      case "--config": {
        const v = value();
        if (!v) return { ok: false, error: "--config: expected a file name" };
        config = v;
        break;
      }
      case "--output": {
        const v = value();
        if (!v) return { ok: false, error: "--output: expected a file name" };
        output = v;
        break;
      }
      case "--services": {
        const v = value();
        if (!v) return { ok: false, error: "--services: expected a comma-separated list, e.g. whatsapp,telegram,max" };
        const names = v.split(",").map((s) => s.trim()).filter(Boolean);
        const listed = new Set<string>(listedServices());
        const bad = names.filter((n) => !(SERVICES as readonly string[]).includes(n) || !listed.has(n));
        if (bad.length || names.length === 0) {
          return { ok: false, error: `--services: unknown service ${bad.map((b) => `"${b}"`).join(", ") || "(none)"}; expected some of ${[...listed].join(", ")}` };
        }
        services = [...new Set(names)] as ServiceId[];
        break;
      }
      default:
        return { ok: false, error: `unknown flag "${flag}"` };
    }
  }
  if (!once) return { ok: false, error: "--once is required: this command runs one round (the worker schedules rounds)" };
  return { ok: true, options: { command: "run", once: true, config, services, output, stats } };
}
