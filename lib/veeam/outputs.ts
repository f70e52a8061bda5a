/**
 * What the Veeam side takes from the Terraform outputs of a server's stacks (`terraform output
 * -json`): the hosts' private addresses (the names the backup server adds them by), the gateways'
 * public addresses, and the helper appliance's network. Sensitive outputs (the keys Veeam connects
 * with) are never read here: only their names are kept, so the plan can say which secrets the
 * apply script will need on the backup server. Their values are dropped as soon as the file is
 * parsed.
 */
import { InputError, readJsonFile } from "../util/files";

/** The outputs of one backup server, merged from its stacks' files. */
export interface ServerOutputs {
  /** Host name -> private address. */
  readonly hosts: ReadonlyMap<string, string>;
  /** Gateway name -> public address. */
  readonly gatewayIps: ReadonlyMap<string, string>;
  /** The helper appliance's subnetwork and region (Google direct mode). */
  readonly helperAppliance?: { readonly region: string; readonly subnetwork: string };
  /** The sensitive outputs the files hold (their names only). */
  readonly secrets: ReadonlySet<string>;
}

/** A `terraform output -json` file is small; anything near this is not one. */
const MAX_OUTPUTS_BYTES = 16 * 1024 * 1024;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads `terraform output -json` files; each names its backup server (the output `backup_server`).
 * Anything else is a usage error (exit 2) that never quotes the file.
 * @param notApplied told of each file that is `{}`: what Terraform prints for a stack with no state
 *   yet (a CI loop over every stack meets one when a stack is new); it adds nothing
 */
export function readServerOutputs(files: ReadonlyArray<{ readonly file: string; readonly shown: string }>, notApplied: (shown: string) => void = () => {}): Map<string, ServerOutputs> {
  type Entry = { hosts: Map<string, string>; gatewayIps: Map<string, string>; helperAppliance?: { region: string; subnetwork: string }; secrets: Set<string> };
  const byServer = new Map<string, Entry>();
  for (const { file, shown } of files) {
    const data = readJsonFile(file, shown, MAX_OUTPUTS_BYTES, "the output of terraform output -json");
    const bad = (why: string) => new InputError(`${shown}: ${why}; expected the output of 'terraform output -json' in a stack vcc-iac synthesized`);
    if (!isRecord(data)) throw bad("is not a JSON object");
    if (Object.keys(data).length === 0) {
      notApplied(shown);
      continue;
    }
    const outputs = new Map<string, { sensitive: boolean; value: unknown }>();
    for (const [name, o] of Object.entries(data)) {
      if (!isRecord(o) || typeof o.sensitive !== "boolean" || !("value" in o)) throw bad(`output '${name.slice(0, 40)}' is not {sensitive, type, value}`);
      // A sensitive value is never kept, not even in memory past this line.
      outputs.set(name, { sensitive: o.sensitive, value: o.sensitive ? undefined : o.value });
    }
    const server = outputs.get("backup_server")?.value;
    if (typeof server !== "string") throw bad("has no output 'backup_server' (synthesized by an earlier vcc-iac, or not applied yet)");
    const entry: Entry = byServer.get(server) ?? { hosts: new Map(), gatewayIps: new Map(), secrets: new Set<string>() };
    byServer.set(server, entry);
    for (const [name, o] of outputs) if (o.sensitive) entry.secrets.add(name);
    const hosts = outputs.get("hosts")?.value;
    if (hosts !== undefined) {
      if (!isRecord(hosts)) throw bad("output 'hosts' is not a mapping");
      for (const [host, v] of Object.entries(hosts)) {
        if (!isRecord(v) || typeof v.private_ip !== "string") throw bad(`output 'hosts' has no private_ip for '${host.slice(0, 40)}'`);
        entry.hosts.set(host, v.private_ip);
      }
    }
    const gateways = outputs.get("gateways")?.value;
    if (gateways !== undefined) {
      if (!isRecord(gateways)) throw bad("output 'gateways' is not a mapping");
      for (const [gw, v] of Object.entries(gateways)) {
        if (!isRecord(v) || typeof v.public_ip !== "string") throw bad(`output 'gateways' has no public_ip for '${gw.slice(0, 40)}'`);
        entry.gatewayIps.set(gw, v.public_ip);
      }
    }
    const helper = outputs.get("helper_appliance")?.value;
    if (helper !== undefined) {
      if (!isRecord(helper) || typeof helper.region !== "string" || typeof helper.subnetwork !== "string") throw bad("output 'helper_appliance' has no region and subnetwork");
      entry.helperAppliance = { region: helper.region, subnetwork: helper.subnetwork };
    }
  }
  return byServer;
}
