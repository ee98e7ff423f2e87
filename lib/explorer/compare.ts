// /compare (pure parsing): several services in one country (`?cc=ru&services=whatsapp,telegram`)
// or one service across countries (`?service=telegram&cc=ru,by`), each a series of the
// share of ok rounds on one chart; the view parameters (range, from/to, grain, source) apply.
import { SERVICES, type ServiceId } from "../measurement/vocabulary";
import { parseViewQuery, type ExplorerView, type ViewMessage, viewMessage } from "./view";

export const MAX_COMPARED = 6;

export function parseCompare(query: Record<string, string | string[] | undefined>): { series: ExplorerView[]; base: ExplorerView; messages: ViewMessage[] } {
  const one = (k: string) => {
    const v = query[k];
    return (Array.isArray(v) ? v[0] : v)?.trim() ?? "";
  };
  const { cc, services, service, ...rest } = query;
  void cc;
  void services;
  void service;
  const { view: base, messages } = parseViewQuery({ cc: null, service: null, asn: null }, rest);
  const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
  const ccs = list(one("cc")).map((c) => c.toLowerCase());
  const badCc = ccs.filter((c) => !/^[a-z]{2}$/.test(c));
  if (badCc.length) messages.push(viewMessage("cc", badCc.join(","), "param.countries"));
  const goodCc = ccs.filter((c) => /^[a-z]{2}$/.test(c)).map((c) => c.toUpperCase());
  const svc = list(one("services") || one("service")).map((s) => s.toLowerCase());
  const badSvc = svc.filter((s) => !(SERVICES as readonly string[]).includes(s));
  if (badSvc.length) messages.push(viewMessage(one("services") ? "services" : "service", badSvc.join(","), "param.oneOf", { values: SERVICES.join(", ") }));
  let goodSvc = svc.filter((s) => (SERVICES as readonly string[]).includes(s)) as ServiceId[];
  let countries = goodCc;
  if (countries.length === 0) countries = ["RU"];
  if (goodSvc.length === 0) goodSvc = countries.length > 1 ? ["telegram"] : ["whatsapp", "telegram", "max"];
  const series: ExplorerView[] = [];
  if (countries.length > 1) for (const c of countries) series.push({ ...base, cc: c, service: goodSvc[0] });
  else for (const s of goodSvc) series.push({ ...base, cc: countries[0], service: s });
  if (series.length > MAX_COMPARED) messages.push(viewMessage("services", String(series.length), "param.maxSeries", { max: MAX_COMPARED }));
  return { series: series.slice(0, MAX_COMPARED), base, messages };
}
