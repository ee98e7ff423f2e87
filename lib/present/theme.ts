// The colour-scheme choice: "system" follows the browser; "light"/"dark" are kept in a cookie.
export const THEME_COOKIE = "theme";
export const THEMES = ["light", "dark"] as const;
export type ThemeChoice = (typeof THEMES)[number] | "system";
export const isTheme = (v: unknown): v is (typeof THEMES)[number] => v === "light" || v === "dark";
