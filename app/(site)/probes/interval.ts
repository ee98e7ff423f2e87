// How a probe's interval reads, for the server pages and the registration form alike.
import type { Translate } from "@/lib/i18n";

/** The messages the volunteer forms (client components) show, handed down by their pages. */
export const VOLUNTEER_MESSAGE_PREFIXES = ["volunteer.", "network."] as const;

/** "every 3 s" / "every 10 min", in the reader's language. */
export function intervalLabel(t: Translate, seconds: number): string {
  return seconds % 60 === 0 ? t("volunteer.probe.everyMinutes", { n: seconds / 60 }) : t("volunteer.probe.everySeconds", { n: seconds });
}
