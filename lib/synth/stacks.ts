/**
 * Which Terraform stacks a model needs: one per backup server and cloud provider it uses, which
 * shares no component with any other. No per-tenant cloud resource exists (Veeam creates every
 * tenant's identities itself), so there are no tenant stacks. Planning loads no provider classes:
 * `vcc-iac stacks` and `plan` stay fast.
 */
import { providersOf } from "../domain/names";
import { STORAGE } from "../domain/storage";
import * as M from "../model/model";

/** A stack the configuration needs. */
export interface PlannedStack {
  /** `<server>-<provider>`: also its folder under stacks/. */
  readonly name: string;
  readonly provider: "aws" | "azure" | "google";
  readonly kind: "infrastructure";
  readonly backupServer: M.BackupServer;
  /** Stacks that must be applied first (none: every stack stands alone). */
  readonly dependsOn: readonly string[];
}

const ORDER = ["aws", "azure", "google"] as const;

/** The stacks of a model, in the order to apply them. */
export function planStacks(model: M.Model): PlannedStack[] {
  const stacks: PlannedStack[] = [];
  for (const s of model.backupServers) {
    const providers = providersOf(s);
    for (const provider of ORDER) {
      if (providers.has(provider)) stacks.push({ name: `${s.name}-${provider}`, provider, kind: "infrastructure", backupServer: s, dependsOn: [] });
    }
  }
  return stacks;
}

/** Repositories of a server whose storage a provider's stack creates. */
export function repositoriesOf(s: M.BackupServer, provider: "aws" | "azure" | "google"): M.Repository[] {
  return s.repositories.filter((r) => STORAGE[r.storage].provider === provider);
}
