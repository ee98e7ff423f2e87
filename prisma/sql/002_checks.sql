-- Vocabulary checks Prisma cannot declare: the store refuses values outside the design
-- brief's verdict vocabulary (lib/measurement/vocabulary.ts).
ALTER TABLE measurements ADD CONSTRAINT measurements_class_check
  CHECK (class IN ('ok', 'anomaly', 'confirmed', 'failure'));
ALTER TABLE measurements ADD CONSTRAINT measurements_status_check
  CHECK (status IN ('ok', 'blocked', 'partial', 'throttled', 'inconclusive', 'error'));
ALTER TABLE measurements ADD CONSTRAINT measurements_source_check
  CHECK (source IN ('vantage', 'ooni', 'simulated'));
ALTER TABLE probes ADD CONSTRAINT probes_network_type_check
  CHECK (network_type IN ('fixed', 'mobile'));
ALTER TABLE probes ADD CONSTRAINT probes_status_check
  CHECK (status IN ('active', 'paused', 'revoked'));
ALTER TABLE hourly_rollups ADD CONSTRAINT hourly_rollups_counts_check
  CHECK (measurement_count = ok_count + anomaly_count + confirmed_count + failure_count);
