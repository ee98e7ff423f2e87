-- The rollups' cause stage is one of lib/measurement/vocabulary.ts's stages, or '' when
-- no stage explains the verdict (ok, inconclusive); see lib/rollup/stage.ts.
ALTER TABLE hourly_rollups ADD CONSTRAINT hourly_rollups_stage_check
  CHECK (stage IN ('', 'dns', 'tcp', 'tls', 'http', 'ws', 'throughput'));
