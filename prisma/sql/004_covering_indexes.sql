-- Covering indexes for the aggregation API: a timeline of one service in one country reads
-- its counts and distinct probes from the index alone (index-only scans), instead of
-- visiting heap pages where rows of every service and network of an hour lie interleaved
-- (and the rollups' histogram arrays make rows wide).
CREATE INDEX hourly_rollups_service_country_hour_cover_idx ON hourly_rollups (service, country, hour)
  INCLUDE (asn, region, network_type, source, stage, measurement_count, ok_count, anomaly_count, confirmed_count, failure_count);
CREATE INDEX hourly_rollups_service_asn_hour_idx ON hourly_rollups (service, asn, hour);
CREATE INDEX probe_hours_service_country_hour_cover_idx ON probe_hours (service, country, hour)
  INCLUDE (probe_id, asn, region, network_type, source);
