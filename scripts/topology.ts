// `npm run topology -- [--instances N]`: starts the local scale-out topology (PostgreSQL
// primary and streaming replica, N Vantage server instances, HAProxy; scripts/lib/topology.ts),
// prints where everything listens, and tears it all down on Ctrl-C.
import { parseArgs } from "node:util";
import { buildIfNeeded } from "./lib/build";
import { runCli } from "./lib/cli";
import { startTopology, topologyUnavailable } from "./lib/topology";

runCli(async () => {
  const { values } = parseArgs({ options: { instances: { type: "string", default: "3" } } });
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 8) throw new Error(`--instances must be 1-8 (got "${values.instances}")`);
  const missing = topologyUnavailable();
  if (missing) throw new Error(`cannot start the topology: ${missing}`);
  buildIfNeeded();
  const topology = await startTopology({ instances, log: (line) => console.error(line) });
  console.log(
    [
      `balancer (all instances): ${topology.balancerUrl}`,
      `balancer (web-1 only):    ${topology.singleUrl}`,
      ...topology.instances.map((i) => `${i.id}: ${i.url}`),
      `primary: ${topology.primaryUrl}`,
      `replica: ${topology.replicaUrl}`,
      `logs and data: ${topology.dir}`,
      "Ctrl-C stops everything and removes the directory.",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  console.error("stopping the topology...");
  await topology.stop();
});
