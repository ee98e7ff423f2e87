// H5: answers that came from something between the probe and the service. Pure; runs on
// the target verdicts after each target was scored on its own, because the evidence lies
// between targets (two data centres cannot both be near the probe) or between stages of
// one target (an answer quicker than the round trip the connect took).
//
// Only answers a middlebox could have produced are read: an HTTP status on a connection
// with no TLS handshake the probe validated (inside validated TLS a middlebox cannot
// answer). A TCP connect is never read as an answer: a mobile operator's TCP accelerator
// (a performance-enhancing proxy) acknowledges connects locally as a matter of course and
// still forwards the request to the service, so a quick connect proves nothing.
import type { TargetResult, TargetVerdict } from "../measurement/schema";
import type { Place } from "../targets";
import { ANSWER_RTT_MIN_MS, ANSWER_RTT_RATIO, DISTANCE_FLOOR_MARGIN, FIBRE_KM_PER_MS } from "./constants";

const EARTH_RADIUS_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance between two places, km. */
export function distanceKm(a: Place, b: Place): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The least time a round trip between two places takes through fibre (ms). It is also the
 * least time two answers, one from each place, can take together: wherever the probe is,
 * its distances to them add up to at least theirs (the triangle inequality), and each
 * answer travels there and back.
 */
export function roundTripFloorMs(a: Place, b: Place): number {
  return (2 * distanceKm(a, b)) / FIBRE_KM_PER_MS;
}

/** Floors between the few places a service has, computed once per pair (scoring is a hot path). */
const floors = new WeakMap<Place, WeakMap<Place, number>>();
function pairFloorMs(a: Place, b: Place): number {
  let row = floors.get(a);
  if (!row) floors.set(a, (row = new WeakMap()));
  let floor = row.get(b);
  if (floor === undefined) row.set(b, (floor = roundTripFloorMs(a, b)));
  return floor;
}

/** The time an answer took, when it is one a middlebox could have given; else null. */
function unprotectedAnswerMs(t: TargetResult): number | null {
  const { tls, http } = t.stages;
  if (!http || http.status === null || http.ttfb_ms === null) return null;
  if (tls && tls.failure === null) return null;
  return http.ttfb_ms;
}

const h5 = (v: TargetVerdict, detail: string): TargetVerdict => ({
  ...v,
  verdict: "http_blocked",
  grade: "anomaly",
  rule: "H5",
  stage: "http",
  failure: null,
  detail,
});

/**
 * Turns ok verdicts into H5 where the answer cannot have come from the service:
 * - `faster_than_connect`: the answer came back in less than ANSWER_RTT_RATIO of the connect
 *   round trip to the same address (at least ANSWER_RTT_MIN_MS): a reply takes a round trip,
 *   so something nearer than the server answered (an on-path injector);
 * - `faster_than_distance`: two answers from places the service's sites put apart took less
 *   together than DISTANCE_FLOOR_MARGIN of roundTripFloorMs: no probe is near both, so they
 *   came from something nearer (both are marked: which one is genuine is unknowable).
 * Verdicts that already failed keep their own rule. Adding a target can only add evidence
 * against the others, never remove it (monotone).
 */
export function flagMiddleboxAnswers(
  targets: readonly TargetResult[],
  verdicts: readonly TargetVerdict[],
  places: ReadonlyMap<string, Place>,
): TargetVerdict[] {
  const detail: (string | null)[] = targets.map(() => null);
  const answered: { i: number; ms: number; place: Place }[] = [];
  targets.forEach((t, i) => {
    const ms = unprotectedAnswerMs(t);
    if (ms === null) return;
    const rtt = t.stages.tcp?.failure === null ? t.stages.tcp.t_ms : null;
    if (rtt !== null && rtt >= ANSWER_RTT_MIN_MS && ms < ANSWER_RTT_RATIO * rtt) detail[i] = "faster_than_connect";
    const place = places.get(t.id);
    if (place) answered.push({ i, ms, place });
  });
  for (let x = 0; x < answered.length; x++) {
    for (let y = x + 1; y < answered.length; y++) {
      const a = answered[x];
      const b = answered[y];
      if (a.ms + b.ms < DISTANCE_FLOOR_MARGIN * pairFloorMs(a.place, b.place)) {
        detail[a.i] ??= "faster_than_distance";
        detail[b.i] ??= "faster_than_distance";
      }
    }
  }
  return verdicts.map((v, i) => {
    const d = detail[i];
    return d !== null && v.verdict === "ok" ? h5(v, d) : v;
  });
}
