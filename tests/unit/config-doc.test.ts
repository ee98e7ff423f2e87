// docs/configuration.md is what `npm run docs:config` generates from the schema.
import fs from "node:fs";
import { expect, it } from "vitest";
import { SETTINGS } from "../../lib/config";
import { configurationMarkdown } from "../../scripts/lib/config-doc";

it("docs/configuration.md matches the settings schema (run npm run docs:config)", () => {
  const generated = configurationMarkdown();
  for (const name of Object.keys(SETTINGS)) expect(generated).toContain(`| \`${name}\` |`);
  expect(fs.readFileSync("docs/configuration.md", "utf8")).toBe(generated);
});
