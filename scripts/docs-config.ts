// `npm run docs:config`: writes docs/configuration.md from the settings schema.
import fs from "node:fs";
import { configurationMarkdown } from "./lib/config-doc";

fs.writeFileSync("docs/configuration.md", configurationMarkdown());
console.error("wrote docs/configuration.md");
