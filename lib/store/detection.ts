// One detection run over a stored range: read per-round verdicts, run the pure detector
// (lib/detect), store its events by id. Used by `npm run detect` and by tests.
import { eventRow } from "../api/event-view";
import { detect } from "../detect/detector";
import type { DetectConfig } from "../detect/config";
import type { Store } from "./open";
import { replaceEvents, roundObservations } from "./queries/events";

export interface DetectionRun {
  rounds: number;
  withoutProbe: number;
  events: number;
  ongoing: number;
  upserted: number;
  deleted: number;
}

export async function runDetection(
  store: Store,
  range: { since: Date | null; until: Date | null },
  config: Partial<DetectConfig> = {},
): Promise<DetectionRun> {
  const { observations, withoutProbe } = await roundObservations(store, range.since, range.until);
  const result = detect(observations, config);
  const stored = await replaceEvents(store, result.events.map(eventRow), range.since, range.until);
  return {
    rounds: observations.length,
    withoutProbe,
    events: result.events.length,
    ongoing: result.events.filter((e) => e.ongoing).length,
    ...stored,
  };
}
