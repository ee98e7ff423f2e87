// What one stage judgement yields: either the stage passed (optionally under a rule that
// explains why a odd-looking result is still ok, H3/P3) or it is the cause of the verdict.
import type { Failure, Grade, RuleId, StageName, TargetVerdictName } from "../measurement/vocabulary";

export interface Finding {
  verdict: TargetVerdictName;
  grade: Grade | null;
  rule: RuleId | null;
  stage: StageName;
  failure: Failure | null;
  detail: string | null;
}

export type StageJudgement =
  | { pass: true; okRule: "H3" | "P3" | null }
  | { pass: false; finding: Finding };

export const passed = (okRule: "H3" | "P3" | null = null): StageJudgement => ({ pass: true, okRule });
export const failed = (finding: Finding): StageJudgement => ({ pass: false, finding });

/** A failure the rules cannot attribute to blocking: the target is `error`, never ok. */
export function unattributable(stage: StageName, failure: Failure | null, detail: string): StageJudgement {
  return failed({ verdict: "error", grade: null, rule: null, stage, failure, detail });
}
