-- One row per target, unnested from target_result_sets (one row per measurement, parallel
-- arrays in record order). Readers query this view; only ingestion writes the arrays.
-- `position` is the target's 1-based place in the record.
CREATE OR REPLACE VIEW target_results AS
SELECT s.measurement_id, s.started_at, t.position::int AS position, t.target_id, s.service, t.component, t.host, t.ip,
  t.port, t.verdict, t.grade, t.rule, t.stage, t.failure, t.detail, t.dns_ms, t.tcp_ms, t.tls_ms, t.ttfb_ms,
  t.http_status, t.throughput_kbps
FROM target_result_sets s
CROSS JOIN LATERAL unnest(s.target_ids, s.components, s.hosts, s.ips, s.ports, s.verdicts, s.grades, s.rules, s.stages,
  s.failures, s.details, s.dns_ms, s.tcp_ms, s.tls_ms, s.ttfb_ms, s.http_status, s.throughput_kbps)
  WITH ORDINALITY AS t(target_id, component, host, ip, port, verdict, grade, rule, stage, failure, detail, dns_ms, tcp_ms,
    tls_ms, ttfb_ms, http_status, throughput_kbps, position);
