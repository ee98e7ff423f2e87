// What a probe saw at each stage of one target, as table cells: failure strings, timings,
// both resolvers' answers, the neutral-SNI retry, throughput against its control. The
// words are the reader's language; failure strings, addresses and protocol names stay as
// recorded (OONI's vocabulary, searchable as such).
import { type Lang, translator } from "../../lib/i18n";
import type { TargetResult } from "../../lib/measurement/schema";

export function StageCells({ stages, lang }: { stages: TargetResult["stages"]; lang: Lang }) {
  const t = translator(lang);
  const s = stages as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? "" : t("measurement.cell.ms", { n: Math.round(v) }));
  const fail = (f: string | null | undefined) => (f ? <strong className="failure-text">{f}</strong> : t("measurement.cell.ok"));
  const kbps = (x: { bytes: number; t_ms: number } | undefined | null) => (x && x.t_ms > 0 ? t("measurement.cell.kbps", { n: Math.round((x.bytes * 8) / x.t_ms) }) : "");
  const bytes = (n: number | null | undefined) => (n === null || n === undefined ? "" : t("measurement.cell.bytes", { n }));
  return (
    <>
      <td>
        {s.dns ? (
          <>
            {t("measurement.cell.system")}: {fail(s.dns.system?.failure)} {(s.dns.system?.addrs ?? []).join(" ")} {ms(s.dns.system?.t_ms)}
            <br />
            {t("measurement.cell.control")}: {fail(s.dns.control?.failure)} {(s.dns.control?.addrs ?? []).join(" ")}
          </>
        ) : (
          "–"
        )}
      </td>
      <td>{s.tcp ? <>{fail(s.tcp.failure)} {s.tcp.ip}:{s.tcp.port} {ms(s.tcp.t_ms)}</> : "–"}</td>
      <td>
        {s.tls ? (
          <>
            {fail(s.tls.failure)} SNI {s.tls.sni} {ms(s.tls.t_ms)}
            {s.tls.neutral && (
              <>
                <br />
                {t("measurement.cell.neutralSni", { sni: s.tls.neutral.sni })}: {fail(s.tls.neutral.failure)}
              </>
            )}
          </>
        ) : (
          "–"
        )}
      </td>
      <td>
        {s.http ? (
          <>
            {fail(s.http.failure)} {s.http.status ?? ""} {bytes(s.http.bytes)} {s.http.fingerprint ? t("measurement.cell.fingerprint", { id: s.http.fingerprint }) : ""}
          </>
        ) : s.ws ? (
          <>
            WS {fail(s.ws.failure)} {s.ws.status ?? ""}
          </>
        ) : (
          "–"
        )}
      </td>
      <td>
        {s.throughput ? (
          <>
            {t("measurement.cell.transfer", { bytes: bytes(s.throughput.bytes), time: ms(s.throughput.t_ms) })} ({kbps(s.throughput)})
            {s.throughput.complete ? "" : `, ${t("measurement.cell.incomplete")}`}
            <br />
            {t("measurement.cell.control")}: {kbps(s.throughput.control)}
          </>
        ) : (
          "–"
        )}
      </td>
    </>
  );
}
