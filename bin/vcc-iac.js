#!/usr/bin/env node
"use strict";
// The CLI runs the compiled code in dist/ (built by `npm install` through `prepare`, or `npm run build`).
let cli;
try {
  cli = require("../dist/lib/cli/main.js");
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes("dist/lib/cli/main.js")) {
    process.stderr.write("vcc-iac: not built yet; run 'npm install' (or 'npm run build') in the vcc-iac folder\n");
    process.exit(2);
  }
  throw e;
}
Promise.resolve(cli.run(process.argv.slice(2), cli.processIo())).then((code) => {
  process.exitCode = cli.exitStatus(code);
});
