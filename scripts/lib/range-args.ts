// The `--since T --until T` flags shared by commands that work over a time range.
import { parseArgs } from "node:util";
import { parseInstant } from "../../lib/api/params";

export interface RangeArgs {
  help: boolean;
  since: Date | undefined;
  until: Date | undefined;
}

/** Parses --since/--until (YYYY-MM-DD or ISO time, UTC); a bad value throws with the usage. */
export function parseRangeArgs(usage: string, args = process.argv.slice(2)): RangeArgs {
  const { values } = parseArgs({
    args,
    options: { since: { type: "string" }, until: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const instant = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const d = parseInstant(text);
    if (!d) throw new Error(`--${name} must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (got "${text}")\n${usage}`);
    return d;
  };
  const since = instant("since", values.since);
  const until = instant("until", values.until);
  if (since && until && since >= until) throw new Error("--until must be later than --since");
  return { help: values.help ?? false, since, until };
}
