// The named scenarios the detector is benchmarked on. Each states what happens; the
// ground truth follows from the effects (bench/scenarios/truth.ts), never from the detector.
import { DEFAULT_DAILY_BUDGET_BYTES } from "../../probes/budget";
import type { NetworkSpec, ScenarioSpec } from "./types";

const ROSTELECOM: NetworkSpec = { asn: 12389, networkType: "fixed", regions: ["Moscow", "Saint Petersburg", "Kazan"], owners: 6 };
const MTS: NetworkSpec = { asn: 8359, networkType: "fixed", regions: ["Moscow", "Yekaterinburg"], owners: 5 };
const BEELINE: NetworkSpec = { asn: 3216, networkType: "fixed", regions: ["Moscow", "Novosibirsk"], owners: 5 };
const MEGAFON: NetworkSpec = { asn: 31133, networkType: "mobile", regions: ["Moscow", "Dagestan", "Saint Petersburg"], owners: 5 };
const FOUR_NETWORKS = [ROSTELECOM, MTS, BEELINE, MEGAFON];
const ALL_SERVICES = ["whatsapp", "telegram", "max"] as const;

function scenario(s: Omit<ScenarioSpec, "cc" | "referenceOwners" | "shiftHours" | "churn" | "correlatedNoise"> & Partial<ScenarioSpec>): ScenarioSpec {
  return { cc: "RU", referenceOwners: 3, shiftHours: 3, churn: true, correlatedNoise: true, ...s };
}

export const SCENARIOS: ScenarioSpec[] = [
  scenario({
    name: "full-block",
    description: "WhatsApp blocked at TCP in every network for a day",
    days: 3,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [{ kind: "block", services: ["whatsapp"], technique: "tcp", asns: "all", from: 30.3, to: 54.1 }],
  }),
  scenario({
    name: "one-asn-block",
    description: "Telegram blocked by SNI in one network for 12 hours, the others fine",
    days: 3,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [{ kind: "block", services: ["telegram"], technique: "tls", asns: [8359], from: 28.7, to: 40.7 }],
  }),
  scenario({
    name: "block-before-enrolment",
    description: "WhatsApp already blocked (DNS) when a network's probes enrol; lifted two days later",
    days: 4,
    services: ["whatsapp", "telegram"],
    networks: [{ ...BEELINE, enrolAtHours: 18, enrolSpreadHours: 8 }, ROSTELECOM],
    effects: [{ kind: "block", services: ["whatsapp"], technique: "dns", asns: [3216], from: 0, to: 66.2 }],
    shiftHours: 0,
  }),
  scenario({
    name: "block-30-days",
    description: "WhatsApp blocked (DNS) in three networks for 30 days",
    days: 34,
    services: ["whatsapp", "telegram"],
    networks: [ROSTELECOM, MTS, MEGAFON],
    effects: [{ kind: "block", services: ["whatsapp"], technique: "dns", asns: "all", from: 48.4, to: 48.4 + 720 }],
  }),
  scenario({
    name: "throttle-quarter",
    description: "WhatsApp slowed to a quarter of normal speed in two networks for 36 hours",
    days: 4,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [{ kind: "throttle", services: ["whatsapp"], factor: 0.25, asns: [12389, 31133], from: 40.2, to: 76.2 }],
  }),
  scenario({
    name: "throttle-multiday-budget",
    description:
      "WhatsApp slowed to a fifth in two networks for 62 hours (three evenings), every probe on the default daily data budget, spread over the day as the daemon does",
    days: 5,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [{ kind: "throttle", services: ["whatsapp"], factor: 0.2, asns: [12389, 8359], from: 30.4, to: 92.4 }],
    dailyBudgetBytes: DEFAULT_DAILY_BUDGET_BYTES,
  }),
  scenario({
    name: "stall-16kb",
    description: "Telegram transfers stall after 14-24 KB in one network for a day",
    days: 3,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [{ kind: "stall", services: ["telegram"], asns: [12389], from: 30.5, to: 54.5 }],
  }),
  scenario({
    name: "allowlist",
    description: "Mobile network cuts foreign traffic for 8 hours on two evenings (Max keeps working)",
    days: 3,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [
      { kind: "allowlist", asns: [31133], from: 14.25, to: 22.25 },
      { kind: "allowlist", asns: [31133], from: 38.25, to: 46.25 },
    ],
  }),
  scenario({
    name: "probe-offline",
    description: "Two probes of one network and one of another go silent for hours: no event",
    days: 3,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [
      { kind: "offline", probes: 2, asns: [12389], from: 20, to: 32 },
      { kind: "offline", probes: 1, asns: [8359], from: 10, to: 58 },
      { kind: "offline", probes: 5, asns: [3216], from: 40, to: 46 },
    ],
  }),
  scenario({
    name: "control-outage",
    description: "Controls fail (the probes' own networks are down) for a whole network and for single probes: no event",
    days: 3,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [
      { kind: "controlOutage", asns: [31133], from: 20, to: 26 },
      { kind: "controlOutage", probes: 2, asns: [12389], from: 30, to: 54 },
    ],
  }),
  scenario({
    name: "flapping",
    description: "WhatsApp blocked 40 minutes, open 20, for 10 hours in one network: one event",
    days: 2,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [{ kind: "flap", services: ["whatsapp"], technique: "tcp", onMinutes: 40, offMinutes: 20, asns: [8359], from: 20.1, to: 30.1 }],
  }),
  scenario({
    name: "thin-coverage",
    description: "A block in a network with two owners only: must stay unknown, never an event",
    days: 3,
    services: [...ALL_SERVICES],
    networks: [{ asn: 47541, networkType: "fixed", regions: ["Kazan"], owners: 2 }, ROSTELECOM],
    effects: [{ kind: "block", services: ["whatsapp"], technique: "tcp", asns: [47541], from: 30, to: 42 }],
  }),
  scenario({
    name: "healthy-30-days",
    description: "Thirty days with nothing but noise, churn and late data",
    days: 30,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [],
  }),
  scenario({
    name: "service-outage",
    description: "WhatsApp down everywhere, reference probes abroad included, for 5 hours: an outage, not a block",
    days: 2,
    services: [...ALL_SERVICES],
    networks: FOUR_NETWORKS,
    effects: [{ kind: "outage", services: ["whatsapp"], asns: "all", from: 22.4, to: 27.4 }],
  }),
];

export function scenarioByName(name: string): ScenarioSpec {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((x) => x.name).join(", ")}`);
  return s;
}
