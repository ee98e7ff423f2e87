// What a probe saw at each stage of one target, as table cells: failure strings, timings,
// both resolvers' answers, the neutral-SNI retry, throughput against its control.
import type { TargetResult } from "../../lib/measurement/schema";

const ms = (v: number | null | undefined) => (v === null || v === undefined ? "" : `${Math.round(v)} ms`);
const fail = (f: string | null | undefined) => (f ? <strong className="failure-text">{f}</strong> : "ok");

export function StageCells({ stages }: { stages: TargetResult["stages"] }) {
  const s = stages as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const kbps = (t: { bytes: number; t_ms: number } | undefined | null) => (t && t.t_ms > 0 ? `${Math.round((t.bytes * 8) / t.t_ms)} kbit/s` : "");
  return (
    <>
      <td>
        {s.dns ? (
          <>
            system: {fail(s.dns.system?.failure)} {(s.dns.system?.addrs ?? []).join(" ")} {ms(s.dns.system?.t_ms)}
            <br />
            control: {fail(s.dns.control?.failure)} {(s.dns.control?.addrs ?? []).join(" ")}
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
                neutral SNI {s.tls.neutral.sni}: {fail(s.tls.neutral.failure)}
              </>
            )}
          </>
        ) : (
          "–"
        )}
      </td>
      <td>{s.http ? <>{fail(s.http.failure)} {s.http.status ?? ""} {s.http.bytes} B {s.http.fingerprint ? `fingerprint ${s.http.fingerprint}` : ""}</> : s.ws ? <>WS {fail(s.ws.failure)} {s.ws.status ?? ""}</> : "–"}</td>
      <td>
        {s.throughput ? (
          <>
            {s.throughput.bytes} B in {ms(s.throughput.t_ms)} ({kbps(s.throughput)}){s.throughput.complete ? "" : ", incomplete"}
            <br />
            control: {kbps(s.throughput.control)}
          </>
        ) : (
          "–"
        )}
      </td>
    </>
  );
}
