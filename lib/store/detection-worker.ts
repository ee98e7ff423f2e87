// Worker-thread side of ./detection-pool: runs the pure detector on the rounds it is sent,
// for a detection run or for a reader of the detector's per-bucket state.
import { detect } from "../detect/detector";
import type { DetectConfig } from "../detect/config";
import { traceDetection, type DetectorTrace, type TraceQuery } from "../detect/trace";
import type { DetectionResult, RoundObservation } from "../detect/types";
import { serveTasks } from "../workers/pool";

export interface DetectionTask {
  observations: RoundObservation[];
  config: Partial<DetectConfig>;
  /** Set: report the detector's per-bucket state for this query instead of its events. */
  trace?: TraceQuery;
}

export type DetectionTaskResult = DetectionResult | DetectorTrace;

serveTasks<DetectionTask, DetectionTaskResult>(({ observations, config, trace }) =>
  trace ? traceDetection(observations, trace, config) : detect(observations, config),
);
