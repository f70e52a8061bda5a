/**
 * Veeam's sizing rules, written once: the model sizes hosts with them, VCC-CAPACITY checks what
 * the file gives against them, and `plan` shows them. Every figure names its Veeam page.
 */

/** A host's size and the rule that decided it (shown by `plan`). */
export interface HostSize {
  readonly vcpu?: number;
  readonly memoryGb?: number;
  /** A cloud machine type given in the file; it overrides vcpu and memory. */
  readonly instanceType?: string;
  readonly rule: string;
}

/** What the file may give for a host's size. */
export interface ExplicitSize {
  readonly vcpu?: number;
  readonly memoryGb?: number;
  readonly instanceType?: string;
}

/**
 * A cloud gateway: "8 cores (vCPUs) minimum. Memory: 8 GB RAM for up to 500 concurrent tenant
 * tasks" (Cloud Connect Guide, "System Requirements", Cloud Gateway,
 * https://helpcenter.veeam.com/docs/vbr/cloud/system_requirements.html). More tasks take more
 * gateways, not a bigger one: "environments requiring higher throughput (more than 500
 * connections per gateway) should deploy additional gateways rather than oversizing individual
 * instances" (SP best practices, https://bp.veeam.com/sp/Offsite_Backup/O_Build/cloud-gateways.html).
 */
export const GATEWAY = { vcpu: 8, memoryGb: 8, tasks: 500 } as const;

/**
 * The SP backup server: 8 vCPU and 16 GB ("8 cores (vCPUs) minimum. Memory: 16 GB RAM plus 500 MB
 * RAM for each concurrent job", User Guide, https://helpcenter.veeam.com/docs/vbr/userguide/system_requirements_backup_server.html),
 * with the Cloud Connect requirement "in addition": "8 GB RAM minimum, 16 GB RAM for installations
 * with more than 100 parallel tenant tasks" (Cloud Connect Guide, "System Requirements", SP Veeam
 * Backup Server, https://helpcenter.veeam.com/docs/vbr/cloud/system_requirements.html). Reading the
 * two as a sum is domain-facts.md's choice; the 500 MB per job is not counted (the SP's own jobs
 * are not Cloud Connect's). The 200 GB system disk is vcc-iac's default, not a Veeam figure: the
 * User Guide lists its parts (install, .NET, catalog, instant recovery cache of at least 100 GB,
 * logs) without a total.
 */
export const BACKUP_SERVER = { vcpu: 8, memoryGb: 16, cloudConnectGb: 8, busyCloudConnectGb: 16, busyTasks: 100, diskGb: 200 } as const;

/**
 * Gateway servers (the target data movers of repositories in gateway mode; the proxies of a
 * cloud-hosted server): "Calculate 1 core and 4GB RAM per repository task slot. The recommended
 * minimum for a repository is 2 cores and 8GB RAM ... The same amount of resources are needed for
 * gateway servers" (Veeam Backup & Replication Best Practices, "Backup Repositories",
 * https://vbr.veeambp.com/VBP/2_Design_Structures/D_Veeam_Components/D_backup_repositories/).
 * (The page quoted is that edition's; the current bp.veeam.com edition keeps 4 GB per core and the
 * 2-core / 8 GB minimum.) The User Guide gives "4 GB RAM, plus up to 4 GB RAM for each concurrently
 * processed machine" (https://helpcenter.veeam.com/docs/vbr/userguide/system_requirements_gateway.html):
 * an upper bound of 4 + 4 GB per task that the best-practice figure stays within.
 */
export const GATEWAY_SERVER = { vcpuPerTask: 1, memoryGbPerTask: 4, minVcpu: 2, minMemoryGb: 8 } as const;

/**
 * A target WAN accelerator: "Memory: 8 GB RAM" (User Guide, "System Requirements", WAN
 * Accelerator, https://helpcenter.veeam.com/docs/vbr/userguide/system_requirements_wan_accelerator.html).
 * The page names no vCPU count; 4 vCPU is vcc-iac's default, not Veeam's.
 */
export const WAN_ACCELERATOR = { vcpu: 4, memoryGb: 8 } as const;

/**
 * The largest host every cloud offers among the sizes vcc-iac picks from (the schema's caps).
 */
export const MAX_HOST = { vcpu: 128, memoryGb: 1024 } as const;

/** The size of a gateway: Veeam's minimum, which carries 500 tasks; more tasks need more gateways. */
export function gatewaySize(given: ExplicitSize): HostSize {
  if (given.instanceType) return { ...pick(given), rule: "instanceType given" };
  return {
    vcpu: given.vcpu ?? GATEWAY.vcpu,
    memoryGb: given.memoryGb ?? GATEWAY.memoryGb,
    rule: given.vcpu !== undefined || given.memoryGb !== undefined ? "vcpu/memoryGb given" : `Veeam's gateway minimum: ${GATEWAY.vcpu} vCPU / ${GATEWAY.memoryGb} GB for up to ${GATEWAY.tasks} concurrent tasks`,
  };
}

/**
 * Concurrent tasks one gateway carries: 500 at Veeam's minimum or above. A gateway below the
 * minimum (an explicit smaller size) is a finding of its own; it counts 0 here. An instanceType
 * of unknown size counts as the minimum.
 */
export function gatewayCapacity(size: HostSize): number {
  if (size.instanceType && size.vcpu === undefined && size.memoryGb === undefined) return GATEWAY.tasks;
  return (size.vcpu ?? GATEWAY.vcpu) >= GATEWAY.vcpu && (size.memoryGb ?? GATEWAY.memoryGb) >= GATEWAY.memoryGb ? GATEWAY.tasks : 0;
}

/** What a group of gateways (a pool, or the unpooled ones) carries, and whether it is N+1. */
export interface GatewayGroupCapacity {
  /** Tasks the group carries with all gateways up. */
  readonly allUp: number;
  /**
   * Tasks it carries with its largest gateway down (N+1). A one-gateway group carries
   * nothing then: it is not N+1.
   */
  readonly oneDown: number;
  readonly gateways: number;
}

/**
 * A group's capacity, with one gateway down. The SP best practices ask for more: "Deploy an N+2
 * redundancy model for production environments, providing at least two active gateways with one
 * additional gateway for failover capacity" (https://bp.veeam.com/sp/Offsite_Backup/O_Build/cloud-gateways.html).
 * vcc-iac checks the floor domain-facts.md sets, one gateway down (N+1), and says in its messages
 * that Veeam recommends N+2 for production; it does not demand three gateways of every group.
 */
export function gatewayGroupCapacity(sizes: readonly HostSize[]): GatewayGroupCapacity {
  const caps = sizes.map(gatewayCapacity);
  const allUp = caps.reduce((a, b) => a + b, 0);
  return { allUp, oneDown: caps.length > 0 ? allUp - Math.max(...caps) : 0, gateways: caps.length };
}

/** Gateways a group needs to carry `tasks` with one down: ceil(tasks / 500) + 1. */
export function gatewaysNeeded(tasks: number): number {
  return Math.ceil(tasks / GATEWAY.tasks) + 1;
}

/** A gateway server (proxy) sized for the tasks it must carry. */
export function gatewayServerSize(given: ExplicitSize, tasks: number): HostSize {
  if (given.instanceType) return { ...pick(given), rule: "instanceType given" };
  const g = GATEWAY_SERVER;
  return {
    vcpu: given.vcpu ?? Math.max(g.minVcpu, tasks * g.vcpuPerTask),
    memoryGb: given.memoryGb ?? Math.max(g.minMemoryGb, tasks * g.memoryGbPerTask),
    rule: `gateway server: ${g.vcpuPerTask} core and ${g.memoryGbPerTask} GB per concurrent task (${tasks} tasks), at least ${g.minVcpu} cores / ${g.minMemoryGb} GB`,
  };
}

/** Tasks an explicitly sized gateway server carries: the scarcer of its cores and memory decides. */
export function gatewayServerCapacity(size: HostSize, maxTasks: number): number {
  if (size.instanceType && size.vcpu === undefined) return maxTasks;
  const g = GATEWAY_SERVER;
  return Math.min(maxTasks, Math.floor((size.vcpu ?? maxTasks) / g.vcpuPerTask), Math.floor((size.memoryGb ?? maxTasks * g.memoryGbPerTask) / g.memoryGbPerTask));
}

export function wanAcceleratorSize(given: ExplicitSize): HostSize {
  if (given.instanceType) return { ...pick(given), rule: "instanceType given" };
  return { vcpu: given.vcpu ?? WAN_ACCELERATOR.vcpu, memoryGb: given.memoryGb ?? WAN_ACCELERATOR.memoryGb, rule: `WAN accelerator: ${WAN_ACCELERATOR.memoryGb} GB RAM` };
}

/**
 * The global cache of a target WAN accelerator: "Total Global Cache Size = (# of Source WAN
 * Accelerators) * (Size of Global Cache Configured in Target WAN Accelerator Properties)"
 * (User Guide, "Sizing for WAN Acceleration", https://helpcenter.veeam.com/docs/vbr/userguide/wan_accelerator_sizing.html).
 * The same page asks for digest space of 2 % of the provisioned size of the tenants' machines on
 * top; vcc-iac cannot know that size, so the disk holds the global cache only.
 */
export function wanCacheGb(sourceAccelerators: number, cacheGb: number): number {
  return sourceAccelerators * cacheGb;
}

/** The backup server's memory for the tenants' parallel tasks. */
export function backupServerMemoryGb(tenantTasks: number): number {
  const b = BACKUP_SERVER;
  return b.memoryGb + (tenantTasks > b.busyTasks ? b.busyCloudConnectGb : b.cloudConnectGb);
}

export function backupServerSize(given: ExplicitSize, tenantTasks: number): HostSize {
  const b = BACKUP_SERVER;
  return {
    vcpu: given.vcpu ?? b.vcpu,
    memoryGb: given.memoryGb ?? backupServerMemoryGb(tenantTasks),
    rule:
      given.memoryGb !== undefined
        ? "memoryGb given"
        : `${b.memoryGb} GB plus ${tenantTasks > b.busyTasks ? b.busyCloudConnectGb : b.cloudConnectGb} GB for Cloud Connect (${tenantTasks} concurrent tenant tasks)`,
  };
}

function pick(given: ExplicitSize): ExplicitSize {
  return { instanceType: given.instanceType, ...(given.vcpu !== undefined ? { vcpu: given.vcpu } : {}), ...(given.memoryGb !== undefined ? { memoryGb: given.memoryGb } : {}) };
}
