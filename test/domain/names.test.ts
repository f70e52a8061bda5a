/**
 * Every name a stack gives a resource in a namespace shared with other backup servers comes from
 * lib/domain/names.ts's `derivedNames`: what VCC-NAME checks for clashes is what the stacks create.
 */
import { derivedNames } from "../../lib/domain/names";
import { exampleFiles, readExample } from "../helpers";
import { TfJson, modelOf, resources, synthText } from "../synth/helpers";

/** Resource types whose names live in an account, project or subscription, and the attribute that names them. */
const SHARED: Readonly<Record<string, string>> = {
  aws_iam_user: "name",
  aws_iam_policy: "name",
  aws_launch_template: "name",
  azurerm_resource_group: "name",
  google_service_account: "account_id",
  google_project_iam_custom_role: "role_id",
  google_compute_network: "name",
  google_compute_subnetwork: "name",
  google_compute_router: "name",
  google_compute_router_nat: "name",
  google_compute_firewall: "name",
  google_compute_instance: "name",
  google_compute_address: "name",
  google_compute_disk: "name",
};

function sharedNames(json: TfJson): string[] {
  return Object.entries(SHARED).flatMap(([type, attr]) => resources(json, type).map(([, body]) => String(body[attr])));
}

describe("cloud-side names", () => {
  it.each(exampleFiles().map((f) => [f] as const))("%s: every shared-namespace name the stacks create is one VCC-NAME checks", (example) => {
    const text = readExample(example);
    const known = new Set(derivedNames(modelOf(example, text)).map((n) => n.name));
    const created = synthText(example, text).flatMap((s) => sharedNames(s.json));
    expect(created.length).toBeGreaterThan(0);
    expect(created.filter((n) => !known.has(n))).toEqual([]);
  });
});
