import * as M from "../../lib/model/model";
import { VeeamServerConfig } from "../../lib/veeam/config";
import { desiredDocument } from "../../lib/veeam/desired";
import { ServerOutputs } from "../../lib/veeam/outputs";
import { VeeamPlan, markerOf, planServer } from "../../lib/veeam/reconcile";
import { parseState } from "../../lib/veeam/state";
import { validateText } from "../../lib/validate";
import { FakeVeeam, RunEnvironment } from "./fake-veeam";

export function modelOf(text: string): M.Model {
  const v = validateText("sp.yaml", text);
  if (!v.model) throw new Error(`does not validate: ${v.findings.map((f) => f.message).join("; ")}`);
  return v.model;
}

/** What the Terraform outputs of a server's stacks would say after apply: made-up addresses. */
export function outputsOf(model: M.Model): Map<string, ServerOutputs> {
  const out = new Map<string, ServerOutputs>();
  model.backupServers.forEach((s, si) => {
    const hosts = new Map<string, string>();
    s.hosts.forEach((h, i) => hosts.set(h.name, h.address ?? `10.${100 + si}.${Math.floor(i / 200)}.${10 + (i % 200)}`));
    const gatewayIps = new Map(s.gateways.map((g, i) => [g.name, `198.18.${si}.${10 + i}`] as const));
    out.set(s.name, { hosts, gatewayIps, helperAppliance: { region: s.region, subnetwork: `${model.name}-${s.name}-helper` }, secrets: new Set(["veeam_credentials"]) });
  });
  return out;
}

export function desiredOf(model: M.Model, server?: string): VeeamServerConfig {
  const doc = desiredDocument(model, outputsOf(model), server);
  if (doc.missing.length > 0) throw new Error(`missing: ${doc.missing.join("; ")}`);
  return doc.backupServers[0];
}

export function planFor(model: M.Model, fake: FakeVeeam, options: { prune?: boolean; server?: string; desired?: VeeamServerConfig } = {}): VeeamPlan {
  const desired = options.desired ?? desiredOf(model, options.server);
  const { state, fingerprint } = parseState(fake.readState(), "state.json");
  return planServer(desired, state, { prune: options.prune ?? false, fingerprint, marker: markerOf(model.name, desired.name) });
}

/** Secrets the server would have: one made-up value per key the plan names. */
export function secretsFor(plan: VeeamPlan, version = 1): RunEnvironment["secrets"] {
  return Object.fromEntries(plan.secrets.map((s) => [s.key, `secret-${s.key}-v${version}-${"x".repeat(24)}`]));
}

/** What the backup server holds for an apply: the secrets, and the certificate files the plan names (-> thumbprint). */
export function envFor(plan: VeeamPlan, version = 1, thumbprint = "A1B2C3"): RunEnvironment {
  const pfx: Record<string, string> = { "vbr-eu.pfx": thumbprint };
  for (const c of plan.changes) if (c.when?.kind === "certificate-differs") pfx[c.when.pfxFile] = thumbprint;
  return { secrets: secretsFor(plan, version), pfx };
}

/** The changes that do something (not the ensures, not what is left alone). */
export function effective(plan: VeeamPlan): string[] {
  return plan.changes.filter((c) => c.action === "add" || c.action === "change" || c.action === "remove").map((c) => `${c.action} ${c.kind} ${c.name}`);
}

/** A fake whose hypervisors are the file's hardware plans' hosts (vcc-iac does not add them). */
export function fakeFor(model: M.Model, server = model.backupServers[0]): FakeVeeam {
  return new FakeVeeam({ computer: server.name.toUpperCase(), hypervisors: server.hardwarePlans.map((p) => ({ name: p.host, type: p.platform === "vmware" ? "ESXi" : "HvServer" })) });
}
