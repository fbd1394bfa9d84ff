// Builds the front end into frontend/dist: the council stylesheet compiled from Sass with GOV.UK Frontend's
// settings, plus GOV.UK Frontend's JavaScript and assets. Run by `make frontend` (npm run build).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const dist = join(root, "frontend", "dist");

mkdirSync(join(dist, "govuk"), { recursive: true });
const result = sass.compile(join(root, "frontend", "scss", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "app.css"), result.css);
cpSync(join(govuk, "assets"), join(dist, "govuk", "assets"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk", "govuk-frontend.min.js"));
cpSync(join(root, "frontend", "src", "init.js"), join(dist, "init.js"));
cpSync(join(root, "frontend", "src", "council-icon.svg"), join(dist, "council-icon.svg"));
console.log(`Front end built into ${dist} (app.css ${result.css.length} bytes)`);
