// An embed as one HTML document (pure): the chart drawn server-side as inline SVG in two
// layouts (wide, and narrow for frames under 600 px) so it reads at any frame width with
// no chart library, colours from the palette's CSS variables so theme=auto follows the
// reader's colour scheme, a link back to the full view, and the tiny script that tells
// the host page its height. Nothing is loaded from any other host.
import { paletteCss } from "../present/colors";
import type { ChartImageSpec } from "../chart-image/svg";
import { renderChartSvg, xmlEscape } from "../chart-image/svg";
import { WARNING } from "../chart-image/view-chart";
import { EMBED_HEIGHT_SCRIPT } from "./embed-code";
import type { EmbedTheme } from "./view-request";

const NARROW_BELOW = 600;

function themeCss(theme: EmbedTheme): string {
  const vars = (t: "light" | "dark") =>
    `${paletteCss(t)}--warning:${WARNING[t]};--event-band-fill:color-mix(in srgb,var(--event-band) 14%,transparent);color-scheme:${t};`;
  if (theme !== "auto") return `:root{${vars(theme)}}`;
  return `:root{${vars("light")}}@media (prefers-color-scheme: dark){:root{${vars("dark")}}}`;
}

export interface EmbedPageInput {
  lang: string;
  theme: EmbedTheme;
  title: string;
  /** The chart at a wide and a narrow layout (ids must differ). */
  wide: ChartImageSpec;
  narrow: ChartImageSpec;
  link: { href: string; text: string };
}

export function embedHtml(e: EmbedPageInput): string {
  const svg = (s: ChartImageSpec) => renderChartSvg(s).replace(/^<\?xml[^>]*>\s*/, "");
  const css =
    themeCss(e.theme) +
    `html,body{margin:0;background:var(--bg);color:var(--fg);font-family:"DejaVu Sans",Verdana,system-ui,sans-serif}` +
    `figure{margin:0;padding:0}svg{display:block;width:100%;height:auto}` +
    `.narrow{display:none}@media (max-width:${NARROW_BELOW - 1}px){.wide{display:none}.narrow{display:block}}` +
    `figcaption{font-size:13px;padding:2px 8px 6px}a{color:var(--link)}`;
  return (
    `<!doctype html><html lang="${xmlEscape(e.lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${xmlEscape(e.title)}</title><style>${css}</style></head>` +
    `<body><figure aria-label="${xmlEscape(e.title)}"><div class="wide">${svg(e.wide)}</div><div class="narrow">${svg(e.narrow)}</div>` +
    `<figcaption><a href="${xmlEscape(e.link.href)}" target="_blank" rel="noopener">${xmlEscape(e.link.text)}</a></figcaption></figure>` +
    `<script>${EMBED_HEIGHT_SCRIPT}</script></body></html>`
  );
}
