// Entry point of the lab process: starts the lab on LAB_BIND (default 127.0.0.1), reports
// its endpoints to the parent over IPC, applies plans the parent sends, reports the
// addresses its echo stand-ins saw, stops on request or when the parent goes away.
import { deserializePlan, type SerializedPlan } from "./lab";
import { LabRuntime } from "./lab-runtime";

type Message = { type: "apply"; plan: SerializedPlan } | { type: "echoes" } | { type: "stop" };

const send = (m: unknown) => process.send?.(m);
if (!process.send) {
  process.stderr.write("tests/lab/serve.ts must be started by tests/lab/lab-process.ts (it needs an IPC channel)\n");
  process.exit(2);
}

const lab = await LabRuntime.start(process.env.LAB_BIND ?? "127.0.0.1");
const stop = async () => {
  await lab.stop();
  process.exit(0);
};
process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("message", (m: Message) => {
  if (m.type === "apply") {
    lab.apply(deserializePlan(m.plan));
    send({ type: "applied" });
  } else if (m.type === "echoes") {
    send({ type: "echoes", addresses: lab.servers.echoed });
  } else if (m.type === "stop") void stop();
});
send({ type: "ready", endpoints: lab.endpoints() });
