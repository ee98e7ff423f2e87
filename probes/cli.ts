// `npm run probe -- run --once ...`: one round, JSON lines out, a table on stderr.
// A bad flag or config exits 2 naming the field and leaves no output file behind.
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { parseArgs, USAGE } from "./args";
import { ConfigError, loadProbeConfig } from "./config";
import { runRound } from "./round";
import { summaryTable } from "./summary";
import { isVolunteerCommand, runVolunteerCommand } from "./daemon/cli";

async function main(): Promise<number> {
  // install | run | enroll | daemon | status | uninstall | version: the volunteer's commands (probes/daemon/).
  if (isVolunteerCommand(process.argv[2], process.argv.slice(3))) return runVolunteerCommand(process.argv.slice(2));
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`error: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  if ("help" in parsed) {
    process.stdout.write(`${USAGE}\nSee docs/probe.md for every flag and config key.\n`);
    return 0;
  }
  const { options } = parsed;
  let config;
  try {
    config = loadProbeConfig(options.config);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.issues.map((i) => `error: ${i}\n`).join(""));
      return 2;
    }
    throw e;
  }

  const round = await runRound(config, options.services);
  const lines = round.records.map((r) => JSON.stringify(r)).join("\n") + "\n";
  if (options.output) {
    // Written whole or not at all: a reader never sees half a round.
    const tmp = `${options.output}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, lines);
      renameSync(tmp, options.output);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  } else {
    process.stdout.write(lines);
  }
  process.stderr.write(summaryTable(round.records) + "\n");
  if (round.throughputSkipped) process.stderr.write(`throughput skipped: ${round.throughputSkipped}\n`);
  if (options.stats) {
    const stats = {
      wall_ms: Math.round(round.wallMs),
      max_rss_kb: process.resourceUsage().maxRSS,
      bytes_sent: round.bytesSent,
      bytes_received: round.bytesReceived,
    };
    process.stderr.write(`stats ${JSON.stringify(stats)}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
