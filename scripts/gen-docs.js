#!/usr/bin/env node
// Writes docs/configuration.md, docs/security.md and docs/checkov.yaml from the schema, the
// security exceptions and docs/src/ (run `npm run build` first; `npm run gen:docs` does both).
const fs = require("fs");
const path = require("path");
const { generatedDocs } = require("../dist/lib/docs/generate.js");

const root = path.join(__dirname, "..");
for (const [file, content] of generatedDocs(root)) {
  fs.writeFileSync(path.join(root, file), content);
  console.log(`wrote ${file}`);
}
