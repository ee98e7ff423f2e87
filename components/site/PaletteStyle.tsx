// The palette's CSS variables for light, dark and the system's choice, written from
// lib/present/colors.ts (the one colour map) into the page.
import { paletteCss } from "../../lib/present/colors";

export const PALETTE_CSS =
  `.site{${paletteCss("light")}color-scheme:light}` +
  `@media (prefers-color-scheme: dark){.site:not([data-theme=light]){${paletteCss("dark")}color-scheme:dark}}` +
  `.site[data-theme=dark]{${paletteCss("dark")}color-scheme:dark}`;

export function PaletteStyle() {
  return <style dangerouslySetInnerHTML={{ __html: PALETTE_CSS }} />;
}
