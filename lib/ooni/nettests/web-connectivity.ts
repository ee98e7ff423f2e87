// ts-017 Web Connectivity, imported only for Max's hosts (OONI has no Max test).
import { isIP } from "node:net";
import { RECORD_LIMITS, type ResolverAnswer } from "../../measurement/schema";
import { isObject, type JsonObject, type OoniJudgement } from "../envelope";
import { normalizeFailure } from "../failure";

/**
 * OONI's judgement from the probe's own `blocking` key: false is ok, a technique
 * ("dns", "tcp_ip", "http-failure", "http-diff") is an anomaly, null is a failure.
 * "confirmed" comes from OONI's backend (block-page fingerprints), which a bare
 * measurement does not carry: unknown (null).
 */
export function judgeWebConnectivity(testKeys: JsonObject): OoniJudgement {
  const blocking = testKeys.blocking;
  return {
    anomaly: typeof blocking === "string",
    confirmed: null,
    failure: blocking === null || blocking === undefined,
  };
}

/**
 * Web Connectivity asks OONI's test helper, from an uncensored network, to resolve the
 * input's host: an independent control resolver in the sense of the verdict rules (D2,
 * D3). Its answer becomes the dns stage's control for targets on that host; none when the
 * test helper could not be reached.
 */
export function testHelperDnsControl(testKeys: JsonObject): ResolverAnswer | null {
  if (testKeys.control_failure !== null && testKeys.control_failure !== undefined) return null;
  const control = isObject(testKeys.control) ? testKeys.control : null;
  const dns = control && isObject(control.dns) ? control.dns : null;
  if (!dns) return null;
  const addrs = Array.isArray(dns.addrs)
    ? [...new Set(dns.addrs.filter((a): a is string => typeof a === "string" && isIP(a) !== 0))].slice(0, RECORD_LIMITS.addressesPerAnswer)
    : [];
  const failure = normalizeFailure(dns.failure) ?? (addrs.length === 0 ? "dns_no_answer" : null);
  return { resolver: TEST_HELPER_RESOLVER, addrs, failure, t_ms: null };
}

/** How the test helper's answers are labelled in records. */
export const TEST_HELPER_RESOLVER = "ooni-test-helper";
