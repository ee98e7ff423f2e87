// Worker-thread side of ./detection-pool: runs the pure detector on the rounds it is sent.
import { detect } from "../detect/detector";
import type { DetectConfig } from "../detect/config";
import type { RoundObservation } from "../detect/types";
import { serveTasks } from "../workers/pool";

export interface DetectionTask {
  observations: RoundObservation[];
  config: Partial<DetectConfig>;
}

serveTasks<DetectionTask, ReturnType<typeof detect>>(({ observations, config }) => detect(observations, config));
