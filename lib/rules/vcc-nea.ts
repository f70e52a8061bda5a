import { defineRule, RuleExplanation } from "./rule";

/**
 * VCC-NEA: Veeam deploys a dedicated SP-side network extension appliance for every tenant
 * ("For every tenant subscribed to a hardware plan, Veeam Backup & Replication deploys a dedicated
 * network extension appliance", Cloud Connect Guide, "Network Extension Appliance",
 * https://helpcenter.veeam.com/docs/vbr/cloud/cloud_network_extension_appliance.html): an
 * appliance of the file is named by one tenant only.
 */
export const vccNea = defineRule("VCC-NEA", "error", "a network extension appliance named by two tenants", (_config, index, report) => {
  const first = new Map<string, string>();
  index.tenants.forEach((t, ti) => {
    if (!t.networkExtension) return;
    const key = `${t.backupServer}/${t.networkExtension.appliance}`;
    const seen = first.get(key);
    if (seen !== undefined) {
      report(
        ["tenants", ti, "networkExtension", "appliance"],
        `network extension appliance '${t.networkExtension.appliance}' is already tenant ${JSON.stringify(seen)}'s; Veeam deploys one appliance per tenant: give tenant ${JSON.stringify(t.name)} its own`,
      );
    } else first.set(key, t.name);
  });
});

/** What `vcc-iac explain VCC-NEA` says. */
export const VCC_NEA_EXPLANATION: RuleExplanation = {
  protects: "Veeam deploys a dedicated network extension appliance for every tenant subscribed to a hardware plan: one appliance cannot serve two tenants.",
  source: { title: "Network Extension Appliance (Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cloud_network_extension_appliance.html" },
  example: { file: "VCC-NEA.yaml", fails: "    replication: [{ hardwarePlan: gold }]\n    networkExtension: { appliance: nea-1 } # expect: VCC-NEA", passes: "    replication: [{ hardwarePlan: gold }]" },
};
