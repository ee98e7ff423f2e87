// Starts the lab in a child process (optionally inside a network namespace) and drives it
// over IPC. The probe under test runs elsewhere: in the test process, or as the CLI.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type LabEndpoints, LabLayout, type LabPlan, serializePlan } from "./lab";

const SERVE = fileURLToPath(new URL("./serve.ts", import.meta.url));

export interface LabHandle {
  layout: LabLayout;
  endpoints: LabEndpoints;
  apply(plan: LabPlan): Promise<void>;
  /** Every client address the echo stand-ins have told a client so far. */
  echoes(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startLabProcess(opts: { bindHost?: string; netns?: string } = {}): Promise<LabHandle> {
  const nodeArgs = ["--import", "tsx", SERVE];
  const [cmd, args] = opts.netns ? ["ip", ["netns", "exec", opts.netns, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child: ChildProcess = spawn(cmd, args, {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, LAB_BIND: opts.bindHost ?? "127.0.0.1" },
  });
  const endpoints = await new Promise<LabEndpoints>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`lab process exited (${code}) before it was ready`));
    child.once("exit", onExit);
    child.once("message", (m: { type: string; endpoints: LabEndpoints }) => {
      child.removeListener("exit", onExit);
      if (m.type === "ready") resolve(m.endpoints);
      else reject(new Error(`lab process said ${m.type}`));
    });
  });
  return {
    layout: new LabLayout(),
    endpoints,
    apply: (plan) =>
      new Promise<void>((resolve) => {
        child.once("message", () => resolve());
        child.send({ type: "apply", plan: serializePlan(plan) });
      }),
    echoes: () =>
      new Promise<string[]>((resolve) => {
        child.once("message", (m: { addresses: string[] }) => resolve(m.addresses));
        child.send({ type: "echoes" });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: "stop" });
      }),
  };
}
