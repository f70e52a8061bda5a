#!/usr/bin/env node
// Trims extract.py's output to the contract vcc-iac is held to: every cmdlet lib/veeam names,
// with its parameter sets (name, type, mandatory, switch, accepted values), its output objects,
// the object pages the read script uses, and the enumerations. Writes
// test/fixtures/veeam/v13-cmdlets.json. Usage (from the repository root):
//   python3 scripts/veeam-contract/extract.py <dump git dir> /tmp/veeam-contract
//   node scripts/veeam-contract/trim.mjs /tmp/veeam-contract
import * as fs from "fs";
import * as path from "path";

const from = process.argv[2] ?? "/tmp/veeam-contract";
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const cmdlets = JSON.parse(fs.readFileSync(path.join(from, "cmdlets.json"), "utf8"));
const objects = JSON.parse(fs.readFileSync(path.join(from, "objects.json"), "utf8"));

// The cmdlets vcc-iac's Veeam side can call: named in lib/veeam as string literals.
const used = new Set();
for (const f of fs.readdirSync(path.join(root, "lib", "veeam"))) {
  const src = fs.readFileSync(path.join(root, "lib", "veeam", f), "utf8");
  for (const m of src.matchAll(/"((?:Add|Set|Get|New|Remove|Connect|Disconnect|Enable|Disable|Find)-VBR[A-Za-z0-9]+)"/g)) used.add(m[1]);
}
// Remove-VBR<kind>Account is built from the Get- name.
for (const kind of ["AmazonAccount", "AzureBlobAccount", "GoogleCloudAccount", "GoogleCloudComputeAccount"]) used.add(`Remove-VBR${kind}`);

const out = { reference: "Veeam Backup & Replication v13 PowerShell Reference", source: `github:${cmdlets.source}`, build: cmdlets.build, buildsSeen: cmdlets.buildsSeen, cmdlets: {}, objects: {}, enums: {}, missing: [] };
for (const name of [...used].sort()) {
  const c = cmdlets.cmdlets[name];
  if (!c) {
    out.missing.push(name);
    continue;
  }
  // Parameters the table lists but no syntax line shows (New-VBRGoogleCloudComputeProxyAppliance
  // -RedirectorPort, "Required True"): added to every set, as optional (DEFECTS.md).
  const tableOnly = (c.consistency?.inTableNotInSyntax ?? []).map((lower) => Object.keys(c.parameters).find((p) => p.toLowerCase() === lower)).filter(Boolean);
  out.cmdlets[name] = {
    sourceUrl: c.sourceUrl,
    productVersion: c.productVersion,
    lastUpdated: c.lastUpdated,
    outputObjects: c.outputObjects,
    ...(tableOnly.length > 0 ? { tableOnly } : {}),
    parameterSets: c.parameterSetsDetail.map((set) => {
      const entries = set.parameters.map((p) => {
        const table = c.parameters[p.name] ?? {};
        const values = table.acceptedValues ?? p.values;
        return [p.name, { type: p.type ?? table.type ?? "SwitchParameter", mandatory: Boolean(p.mandatory), switch: Boolean(p.switch), ...(values ? { values } : {}) }];
      });
      for (const p of tableOnly) {
        const table = c.parameters[p];
        const isSwitch = /SwitchParameter/i.test(table.type ?? "");
        entries.push([p, { type: table.type, mandatory: false, switch: isSwitch }]);
      }
      return Object.fromEntries(entries);
    }),
  };
}
const pages = new Set(["CHost", "VBRCloudCertificate", "CwanAccelerator", "VBRAzureBlobAccount", "VBRGoogleCloudAccount"]);
for (const c of Object.values(out.cmdlets)) for (const o of c.outputObjects ?? []) pages.add(o.replace(/\[\]$/, ""));
for (const name of Object.keys(objects.objects)) if (/^VBR(Cloud|Amazon|Azure|Google|ViCloud|HvCloud|S3)/.test(name) || name === "CwanAccelerator") pages.add(name);
for (const name of [...pages].sort()) {
  const o = objects.objects[name];
  if (!o) continue;
  out.objects[name] = { sourceUrl: o.sourceUrl, properties: Object.fromEntries(o.properties.map((p) => [p.name, p.type])) };
}
for (const [name, e] of Object.entries(objects.enums.values)) out.enums[name] = e.members.map((m) => m.member);
// Values the pages give only in prose (no enumeration page): quoted from the parameter's text.
const PROSE = { ESizeUnit: { cmdlet: "Add-VBRWANAccelerator", parameter: "CacheSizeUnit", values: ["GB", "TB"] } };
for (const [name, p] of Object.entries(PROSE)) {
  const text = cmdlets.cmdlets[p.cmdlet].parameters[p.parameter].descriptionFull;
  if (!p.values.every((v) => text.includes(v))) throw new Error(`${p.cmdlet} -${p.parameter} no longer names ${p.values.join(", ")}`);
  out.enums[name] = p.values;
}
fs.writeFileSync(path.join(root, "test", "fixtures", "veeam", "v13-cmdlets.json"), `${JSON.stringify(out, null, 1)}\n`);
console.log(`${Object.keys(out.cmdlets).length} cmdlets, ${Object.keys(out.objects).length} object pages, ${Object.keys(out.enums).length} enumerations; not in the reference: ${out.missing.join(", ") || "none"}`);
