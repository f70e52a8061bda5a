import { closest } from "../util/suggest";
import { COMPONENT_LABEL, componentNames, locate } from "./index-config";
import { defineRule, RuleExplanation } from "./rule";

/** VCC-REF: a by-name reference that names nothing. */
export const vccRef = defineRule(
  "VCC-REF",
  "error",
  "a reference that names nothing",
  (config, index, report) => {
    const servers = config.backupServers.map((s) => s.name);
    index.tenants.forEach((t, ti) => {
      if (!index.server(t.backupServer)) {
        const guess = closest(t.backupServer, servers);
        report(
          ["tenants", ti, "backupServer"],
          `tenant ${JSON.stringify(t.name)} names backup server '${t.backupServer}', which is not declared${guess ? `; did you mean '${guess}'?` : ""} (declared: ${servers.join(", ")})`,
        );
      }
    });
    for (const ref of index.references) {
      const { own, others } = locate(index, ref);
      if (own || others.length > 0) continue; // found, or VCC-ISO-CROSS's business
      const label = COMPONENT_LABEL[ref.kind];
      const known = componentNames(ref.owner, ref.kind);
      const guess = closest(ref.name, known);
      const kind = ref.kind === "host" ? "gateway, proxy, WAN accelerator or appliance" : label;
      report(
        ref.path,
        `${ref.from} names ${label} '${ref.name}', but backup server '${ref.owner.server.name}' has no ${kind} of that name` +
          (guess ? `; did you mean '${guess}'?` : known.length > 0 ? ` (it has: ${known.join(", ")})` : ""),
      );
    }
    // A subtenant's quota is carved from one of its tenant's backup quotas.
    index.tenants.forEach((t, ti) => {
      const repos = (t.backup ?? []).map((q) => q.repository);
      (t.subtenants ?? []).forEach((sub, si) => {
        if (repos.includes(sub.repository)) return;
        report(
          ["tenants", ti, "subtenants", si, "repository"],
          `subtenant ${JSON.stringify(sub.name)} uses repository '${sub.repository}', but tenant ${JSON.stringify(t.name)} has no backup quota there` +
            (repos.length > 0 ? ` (its quotas: ${repos.join(", ")})` : "; give the tenant a backup quota first"),
        );
      });
    });
  },
);

/** What `vcc-iac explain VCC-REF` says. */
export const VCC_REF_EXPLANATION: RuleExplanation = {
  protects: "A reference to a gateway, pool, repository, hardware plan or appliance that does not exist would leave a tenant without what it was sold; the message suggests the closest name.",
  example: { file: "VCC-REF.yaml", fails: "        gateways: [gw-1, gw-9] # expect: VCC-REF", passes: "        gateways: [gw-1]" },
};
