// POST /api/v1/probes/{id}/reference (operator): marks a probe as a reference probe
// abroad, or unmarks it, with {"reference": true | false}. Events over the probe's rounds
// are re-detected in the background.
import { z } from "zod";
import { json, route } from "@/lib/http";
import { detectionScheduler } from "@/lib/server/detection-scheduler";
import { setProbeReference } from "@/lib/store/probe-reference";
import { noSuchProbe } from "../../_lib/auth";

export const dynamic = "force-dynamic";

const bodySchema = z.strictObject({ reference: z.boolean() });

export const POST = route<Record<string, never>, { id: string }>("/api/v1/probes/{id}/reference", {}, async ({ params: { id }, operator, body, store }) => {
  operator();
  const { reference } = await body(bodySchema);
  const db = await store();
  const result = await setProbeReference(db, id, reference);
  if (!result) throw noSuchProbe(id);
  detectionScheduler().note(db, result.firstRound);
  return json({ probe_id: id, reference });
});
