// How many webhook subscriptions a client and a receiver host may make, as configured
// (lib/config: VANTAGE_WEBHOOK_PER_ADDRESS, _PER_NETWORK, _PER_HOST). The client windows are
// the registration limit's (lib/volunteers/registration-limit.ts): keyed digests of the
// address and its network under the one client-address rule, fixed UTC-day windows.
import { config } from "../config";
import type { WindowLimits } from "../volunteers/registration-limit";

export function subscriptionLimits(): { client: WindowLimits; perHost: number } {
  const c = config();
  return {
    client: { perAddress: c.VANTAGE_WEBHOOK_PER_ADDRESS, perNetwork: c.VANTAGE_WEBHOOK_PER_NETWORK, windowMs: 24 * 3_600_000, what: "webhook subscriptions may be made" },
    perHost: c.VANTAGE_WEBHOOK_PER_HOST,
  };
}
