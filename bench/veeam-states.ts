/**
 * Recorded states for the Veeam-side benchmark: every backup server of a generated configuration
 * configured in the tests' fake Veeam v13 (which holds every call to the reference), then read the
 * way the read script reads it. With `drift`, that share of the tenants had their quota changed in
 * the console afterwards. Also counts the read's cmdlet calls per server.
 */
import * as fs from "fs";
import * as path from "path";
import { validateText } from "../lib/validate";
import { desiredDocument } from "../lib/veeam/desired";
import { markerOf, planServer } from "../lib/veeam/reconcile";
import { parseState } from "../lib/veeam/state";
import { FakeVeeam } from "../test/veeam/fake-veeam";
import { outputsOf, secretsFor } from "../test/veeam/helpers";

export interface Recorded {
  /** Cmdlet calls one read of one server makes (the same for 10 tenants or 10,000). */
  readonly readCallsPerServer: number;
  readonly driftedTenants: number;
}

export function recordStates(yamlFile: string, dir: string, drift: number): Recorded {
  const { model } = validateText(yamlFile, fs.readFileSync(yamlFile, "utf8"));
  if (!model) throw new Error("the generated configuration does not validate");
  const outputs = outputsOf(model);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "outputs.json"),
    JSON.stringify(Object.fromEntries([...outputs].map(([s, o]) => [s, { hosts: Object.fromEntries(o.hosts), gatewayIps: Object.fromEntries(o.gatewayIps) }]))),
  );
  let readCalls = 0;
  let drifted = 0;
  for (const s of model.backupServers) {
    const fake = new FakeVeeam({ computer: s.name.toUpperCase() });
    const desired = desiredDocument(model, outputs, s.name).backupServers[0];
    const first = parseState(fake.readState(), "state");
    const plan = planServer(desired, first.state, { prune: false, fingerprint: first.fingerprint, marker: markerOf(model.name, s.name) });
    fake.applyPlan(plan, { secrets: secretsFor(plan) });
    // Drift: quotas raised in the console on every (1/drift)-th tenant.
    if (drift > 0) {
      fake.tenants.forEach((t, i) => {
        if (i % Math.round(1 / drift) !== 0) return;
        const resource = (t.Resources as Array<Record<string, number>>)[0];
        resource.RepositoryQuota += 1024;
        drifted++;
      });
    }
    const before = fake.log.length;
    fs.writeFileSync(path.join(dir, `${s.name}.json`), fake.readState());
    readCalls = fake.log.length - before;
  }
  return { readCallsPerServer: readCalls, driftedTenants: drifted };
}
