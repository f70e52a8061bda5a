/**
 * The security baseline (security-baseline.md, Azure) and Veeam's Azure Blob rules, one named test
 * per check, over every Azure stack of every example. No azurerm plugin is available here, so
 * these are assertions on the synthesized JSON (the typed bindings already checked the shape).
 */
import { AZURE_EXCEPTIONS } from "../../lib/security/exceptions";
import { TfJson, exampleStacks, resources } from "./helpers";

const stacks = exampleStacks("azurerm");
const each = stacks.map(({ example, stack }) => [`${example} ${stack.name}`, stack.json] as [string, TfJson]);
const INTERNET = ["*", "0.0.0.0/0", "Internet", "Any", "internet", "any"];

describe("security baseline (Azure)", () => {
  it("has stacks to check: an Azure-hosted server, and an account used by a server on AWS", () => {
    expect(stacks.map(({ stack }) => stack.name).sort()).toEqual(["vbr-us-azure", "vbr-weu-azure"]);
  });

  describe.each(each)("%s", (_name, json) => {
    const accounts = resources(json, "azurerm_storage_account");

    it("CKV_AZURE_3: storage accounts accept HTTPS only", () => {
      expect(accounts.length).toBeGreaterThan(0);
      for (const [, a] of accounts) expect(a.https_traffic_only_enabled).toBe(true);
    });

    it("CKV_AZURE_44: minimum TLS 1.2", () => {
      for (const [, a] of accounts) expect(a.min_tls_version).toBe("TLS1_2");
    });

    it("CKV_AZURE_190: no public nested items", () => {
      for (const [, a] of accounts) expect(a.allow_nested_items_to_be_public).toBe(false);
    });

    it("CKV_AZURE_34: containers are private", () => {
      for (const [, c] of resources(json, "azurerm_storage_container")) expect(c.container_access_type).toBe("private");
      for (const [, t] of resources(json, "azurerm_resource_group_template_deployment")) {
        for (const r of JSON.parse(t.template_content as string).resources) expect(r.properties.publicAccess).toBe("None");
      }
    });

    it("CKV2_AZURE_41: a SAS expiration policy of 30 days (Veeam's SAS links)", () => {
      for (const [, a] of accounts) expect(a.sas_policy).toEqual({ expiration_period: "30.00:00:00", expiration_action: "Log" });
    });

    it("Veeam: blob versioning on, no blob or container soft delete, no lifecycle rules", () => {
      for (const [, a] of accounts) {
        expect(a.blob_properties).toEqual({ versioning_enabled: true });
      }
      expect(resources(json, "azurerm_storage_management_policy")).toEqual([]);
    });

    it("Veeam: immutable repositories get version-level immutability support with no default policy", () => {
      expect(resources(json, "azurerm_storage_container_immutability_policy")).toEqual([]);
      for (const [, a] of accounts) expect(a.immutability_policy).toBeUndefined();
      for (const [, t] of resources(json, "azurerm_resource_group_template_deployment")) {
        const [container] = JSON.parse(t.template_content as string).resources;
        expect(container.properties.immutableStorageWithVersioning).toEqual({ enabled: true });
        expect(container.properties.immutableStorageWithVersioning.immutabilityPolicy).toBeUndefined();
      }
    });

    it("data safety: accounts and containers carry prevent_destroy", () => {
      for (const type of ["azurerm_storage_account", "azurerm_storage_container", "azurerm_resource_group_template_deployment"]) {
        for (const [, r] of resources(json, type)) expect(r.lifecycle).toEqual({ prevent_destroy: true });
      }
    });

    it("CKV_AZURE_9, CKV_AZURE_10: no RDP or SSH from the internet", () => {
      for (const [id, r] of resources(json, "azurerm_network_security_rule")) {
        if (r.access !== "Allow" || r.direction !== "Inbound") continue;
        const sources = [r.source_address_prefix, ...((r.source_address_prefixes as string[]) ?? [])].filter((x) => x !== undefined);
        const port = String(r.destination_port_range);
        if (port === "3389" || port === "22" || port === "*") expect({ id, sources: sources.filter((x) => INTERNET.includes(x as string)) }).toEqual({ id, sources: [] });
      }
    });

    it("network security groups deny what Veeam's port matrix does not allow, after every allow", () => {
      const groups = resources(json, "azurerm_network_security_group").map(([id]) => id);
      for (const group of groups) {
        const rules = resources(json, "azurerm_network_security_rule")
          .filter(([, r]) => r.network_security_group_name === `\${azurerm_network_security_group.${group}.name}`)
          .map(([, r]) => r);
        for (const direction of ["Inbound", "Outbound"]) {
          const mine = rules.filter((r) => r.direction === direction);
          const deny = mine.filter((r) => r.access === "Deny");
          expect({ group, direction, deny: deny.map((r) => [r.priority, r.protocol, r.source_address_prefix, r.destination_address_prefix]) }).toEqual({
            group,
            direction,
            deny: [[4000, "*", "*", "*"]],
          });
          const allows = mine.filter((r) => r.access === "Allow");
          expect(allows.every((r) => (r.priority as number) < 4000)).toBe(true);
          expect(new Set(mine.map((r) => r.priority)).size).toBe(mine.length);
        }
      }
      expect(groups.length === 0 || groups.length >= 2).toBe(true);
    });

    it("CKV_AZURE_151: encryption at host on every VM", () => {
      for (const type of ["azurerm_windows_virtual_machine", "azurerm_linux_virtual_machine"]) {
        for (const [, vm] of resources(json, type)) expect(vm.encryption_at_host_enabled).toBe(true);
      }
    });

    it("CKV_AZURE_149: Linux VMs log in with SSH keys only", () => {
      for (const [, vm] of resources(json, "azurerm_linux_virtual_machine")) {
        expect(vm.disable_password_authentication).toBe(true);
        expect(vm.admin_password).toBeUndefined();
        expect((vm.admin_ssh_key as Array<{ public_key: string }>)[0].public_key).toBe("${var.linux_admin_ssh_public_key}");
      }
    });

    it("no secret in cdk.tf.json: passwords from sensitive variables, account keys only as sensitive outputs", () => {
      for (const [, vm] of resources(json, "azurerm_windows_virtual_machine")) expect(vm.admin_password).toBe("${var.windows_admin_password}");
      for (const [name, v] of Object.entries(json.variable ?? {})) if (/password|ssh/.test(name)) expect(v.sensitive).toBe(true);
      for (const [name, o] of Object.entries(json.output ?? {})) if (JSON.stringify(o.value).includes("primary_access_key")) expect({ name, sensitive: o.sensitive }).toEqual({ name, sensitive: true });
    });
  });

  it("lists its deliberate exceptions in one place, each with a reason", () => {
    expect(AZURE_EXCEPTIONS.map((e) => e.check).sort()).toEqual(["CKV2_AZURE_38", "CKV2_AZURE_40"]);
    for (const e of AZURE_EXCEPTIONS) expect(e.reason.length).toBeGreaterThan(20);
  });
});
