// The curated timeline of known events from the design brief. Each names its outlet and
// the date of the report; a link is given only where the exact address is known, and
// none is here, so none is guessed.
import type { ServiceId } from "../measurement/vocabulary";

export interface KnownEvent {
  id: string;
  date: string;
  endDate?: string;
  title: string;
  outlet: string;
  sourceDate: string;
  url: string | null;
  services: ServiceId[];
  country: string;
  /** Call restrictions concern UDP call traffic the probe does not measure. */
  notMeasured?: boolean;
}

export const KNOWN_EVENTS: readonly KnownEvent[] = [
  {
    id: "ru-2025-03-max-testing",
    date: "2025-03-01",
    title: "Max (VK) enters public testing",
    outlet: "Kommersant",
    sourceDate: "2025-08-19",
    url: null,
    services: ["max"],
    country: "RU",
  },
  {
    id: "ru-2025-08-13-call-restrictions",
    date: "2025-08-13",
    title: 'Roskomnadzor confirms "partial restriction" of calls in WhatsApp and Telegram (reported by users from about 2025-08-10)',
    outlet: "TASS; The Moscow Times",
    sourceDate: "2025-08-13",
    url: null,
    services: ["whatsapp", "telegram"],
    country: "RU",
    notMeasured: true,
  },
  {
    id: "ru-2025-09-01-national-messenger-law",
    date: "2025-09-01",
    title: "National-messenger law in force; Max is the designated platform",
    outlet: "Kommersant",
    sourceDate: "2025-09-01",
    url: null,
    services: ["max"],
    country: "RU",
  },
  {
    id: "ru-2025-10-22-whatsapp-partial",
    date: "2025-10-20",
    endDate: "2025-10-22",
    title: "Partial restriction of WhatsApp itself begins (complaints from 10-20, announced 10-22)",
    outlet: "Tengrinews",
    sourceDate: "2025-10-22",
    url: null,
    services: ["whatsapp"],
    country: "RU",
  },
  {
    id: "ru-2025-11-28-whatsapp-threat",
    date: "2025-11-28",
    title: "Roskomnadzor threatens a complete block of WhatsApp",
    outlet: "Interfax",
    sourceDate: "2025-11-28",
    url: null,
    services: ["whatsapp"],
    country: "RU",
  },
  {
    id: "ru-2025-12-22-whatsapp-slowdown",
    date: "2025-12-22",
    title: 'WhatsApp speeds reported down 70-80 %; restrictions called "gradual"',
    outlet: "RBC via Novaya Gazeta Europe",
    sourceDate: "2025-12-22",
    url: null,
    services: ["whatsapp"],
    country: "RU",
  },
  {
    id: "ru-2026-02-10-telegram-restrictions",
    date: "2026-02-10",
    title: "Roskomnadzor confirms additional restrictions on Telegram",
    outlet: "The Moscow Times; Meduza",
    sourceDate: "2026-02-10",
    url: null,
    services: ["telegram"],
    country: "RU",
  },
  {
    id: "ru-2026-02-11-whatsapp-block-attempt",
    date: "2026-02-11",
    title: 'WhatsApp: Russia "attempted to fully block" WhatsApp for over 100 million users',
    outlet: "AFP",
    sourceDate: "2026-02-11",
    url: null,
    services: ["whatsapp"],
    country: "RU",
  },
  {
    id: "ru-2026-03-20-ooni-telegram-finding",
    date: "2026-03-20",
    title: 'OONI finding "Russia blocked Telegram", ongoing, on AS12389, AS8402, AS8359, AS8615',
    outlet: "OONI Explorer findings",
    sourceDate: "2026-03-20",
    url: null,
    services: ["telegram"],
    country: "RU",
  },
];
