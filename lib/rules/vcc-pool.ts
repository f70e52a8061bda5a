import { defineRule, RuleExplanation } from "./rule";

/**
 * VCC-POOL: a gateway belongs to at most one pool; and a tenant without pools must have a gateway
 * that is in no pool, or it could not connect at all.
 */
export const vccPool = defineRule(
  "VCC-POOL",
  "error",
  "a gateway in two pools; a tenant without pools when every gateway is pooled",
  (_config, index, report) => {
    for (const entry of index.servers) {
      const memberOf = new Map<string, string>();
      (entry.server.gatewayPools ?? []).forEach((pool, p) => {
        const inThisPool = new Set<string>();
        pool.gateways.forEach((gw, g) => {
          if (inThisPool.has(gw)) return; // a repeat inside one pool is VCC-NAME's
          inThisPool.add(gw);
          const other = memberOf.get(gw);
          if (other) {
            report(
              [...entry.path, "gatewayPools", p, "gateways", g],
              `gateway '${gw}' is already in pool '${other}'; a gateway belongs to at most one pool: remove it from '${pool.name}' or from '${other}'`,
            );
          } else memberOf.set(gw, pool.name);
        });
      });
    }
    index.tenants.forEach((t, ti) => {
      const owner = index.server(t.backupServer);
      if (!owner || (t.gatewayPools ?? []).length > 0) return;
      const pooled = new Set((owner.server.gatewayPools ?? []).flatMap((p) => p.gateways));
      if (owner.server.gateways.every((g) => pooled.has(g.name))) {
        report(
          ["tenants", ti, "backupServer"],
          `tenant ${JSON.stringify(t.name)} has no gatewayPools, so it may use only gateways that are in no pool, and every gateway of '${owner.server.name}' is in a pool; ` +
            `add 'gatewayPools: [${(owner.server.gatewayPools ?? []).map((p) => p.name).join(", ")}]' or an unpooled gateway`,
        );
      }
    });
  },
);

/** What `vcc-iac explain VCC-POOL` says. */
export const VCC_POOL_EXPLANATION: RuleExplanation = {
  protects: "Veeam does not let a cloud gateway that is part of a pool be added to another pool; a tenant assigned no pool while every gateway is pooled would have no gateway to connect to.",
  source: { title: "Step 3. Select Cloud Gateways (cloud gateway pools, Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cloud_gateway_pool_select.html" },
  example: { file: "VCC-POOL.yaml", fails: "        gateways: [gw-1, gw-2] # expect: VCC-POOL", passes: "        gateways: [gw-2]" },
};
