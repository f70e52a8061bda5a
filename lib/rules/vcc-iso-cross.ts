import { COMPONENT_LABEL, locate, references } from "./index-config";
import { defineRule } from "./rule";

/** VCC-ISO-CROSS: a tenant or pool that reaches into another backup server's components. */
export const vccIsoCross = defineRule(
  "VCC-ISO-CROSS",
  "error",
  "a tenant or pool uses a component of another backup server than its own",
  (_config, index, report) => {
    for (const ref of references(index)) {
      const { own, others } = locate(index, ref);
      if (own || others.length === 0) continue;
      const label = COMPONENT_LABEL[ref.kind];
      report(
        ref.path,
        `${ref.from} belongs to backup server '${ref.owner.server.name}' but uses ${label} '${ref.name}' of backup server '${others[0].server.name}'; ` +
          `Cloud Connect components are never shared between backup servers: use a ${label} of '${ref.owner.server.name}'`,
      );
    }
  },
);
