// One measured Veeam-side plan of every backup server of a configuration against recorded states,
// as `vcc-iac veeam FILE --server S --against STATE` does it per server (YAML read and validated
// once here). Prints {ms, peakMb, changes} as JSON.
//
// Usage: node veeam-once.js FILE STATE_DIR
import * as fs from "fs";
import * as path from "path";
import { validateText } from "../lib/validate";
import { desiredDocument } from "../lib/veeam/desired";
import { ServerOutputs } from "../lib/veeam/outputs";
import { markerOf, planServer } from "../lib/veeam/reconcile";
import { readStateFile } from "../lib/veeam/state";
import { peakMb } from "./measure";

const [file, stateDir] = [process.argv[2], process.argv[3]];
const started = process.hrtime.bigint();
const { model } = validateText(file, fs.readFileSync(file, "utf8"));
if (!model) throw new Error("the configuration does not validate");
const outputs = new Map<string, ServerOutputs>(
  Object.entries(JSON.parse(fs.readFileSync(path.join(stateDir, "outputs.json"), "utf8")) as Record<string, { hosts: Record<string, string>; gatewayIps: Record<string, string> }>).map(([server, o]) => [
    server,
    { hosts: new Map(Object.entries(o.hosts)), gatewayIps: new Map(Object.entries(o.gatewayIps)), secrets: new Set<string>() },
  ]),
);
let changes = 0;
for (const s of model.backupServers) {
  const doc = desiredDocument(model, outputs, s.name);
  const { state, fingerprint } = readStateFile(path.join(stateDir, `${s.name}.json`), `${s.name}.json`);
  const plan = planServer(doc.backupServers[0], state, { prune: false, fingerprint, marker: markerOf(model.name, s.name) });
  changes += plan.changes.filter((c) => c.action === "add" || c.action === "change" || c.action === "remove").length;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ ms: Math.round(ms), peakMb: peakMb(), changes }));
