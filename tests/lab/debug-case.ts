// Runs named lab cases and prints their throughput stages and verdicts (a debugging aid:
// `npx tsx tests/lab/debug-case.ts throughput.stall_16k`).
import { type LabHandle, startLabProcess } from "./lab-process";
import { formatMatrix, runCase } from "./run-case";
import { TECHNIQUES_MATRIX } from "./techniques";

const ids = process.argv.slice(2);
const lab = await startLabProcess();
try {
  for (const t of TECHNIQUES_MATRIX.filter((x) => ids.includes(x.id))) {
    const { rows, records } = await runCase(lab, t);
    console.log(formatMatrix(rows));
    for (const r of records) {
      for (const target of r.targets) {
        if (process.env.ALL || target.stages.throughput) console.log(r.service, target.id, JSON.stringify(target.stages, (k, v) => (k === "samples" ? `${v.length} samples, last ${JSON.stringify(v.at(-1))}` : v)));
      }
      console.log(JSON.stringify(r.verdict?.targets.filter((v) => v.verdict !== "ok")));
    }
  }
} finally {
  await lab.stop();
}
