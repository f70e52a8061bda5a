/**
 * Veeam's sizing rules (domain-facts.md, "Hosts and sizing"), in one place so that validation,
 * the model and later the plan agree on every number.
 */

/** Concurrent tenant tasks one gateway carries per 8 vCPU / 8 GB. */
export const TASKS_PER_GATEWAY_UNIT = 500;
export const GATEWAY_UNIT = { vcpu: 8, memoryGb: 8 } as const;
export const PROXY_MINIMUM = { vcpu: 2, memoryGb: 2 } as const;
export const WAN_ACCELERATOR_DEFAULT = { vcpu: 4, memoryGb: 8 } as const;
export const APPLIANCE_DEFAULT = { vcpu: 2, memoryGb: 2 } as const;
export const SERVER_DEFAULT = { vcpu: 8, diskGb: 200 } as const;
/** Over this many parallel tenant tasks the backup server needs 16 GB extra instead of 8. */
export const SERVER_BUSY_TASKS = 100;
/** WAN accelerator digests take 2 % on top of the global cache. */
export const WAN_DIGEST_OVERHEAD = 0.02;

/** A host's size and the rule that decided it (shown by `plan`). */
export interface HostSize {
  readonly vcpu?: number;
  readonly memoryGb?: number;
  /** A cloud machine type given in the file; it overrides vcpu and memory. */
  readonly instanceType?: string;
  readonly rule: string;
}

interface Explicit {
  vcpu?: number;
  memoryGb?: number;
  instanceType?: string;
}

/** Tasks an explicitly sized gateway carries: 500 per 8 vCPU / 8 GB, the scarcer one deciding. */
export function gatewayCapacity(vcpu: number, memoryGb: number): number {
  return Math.floor((TASKS_PER_GATEWAY_UNIT * Math.min(vcpu / GATEWAY_UNIT.vcpu, memoryGb / GATEWAY_UNIT.memoryGb)));
}

/** The largest host every cloud offers in the sizes vcc-iac picks from (the schema's caps). */
export const MAX_HOST = { vcpu: 128, memoryGb: 1024 } as const;
/** 16 units of 8 vCPU / 8 GB: the most one gateway can be sized to. */
export const MAX_GATEWAY_UNITS = MAX_HOST.vcpu / GATEWAY_UNIT.vcpu;

/**
 * The tasks each gateway of a group must carry: Veeam plans N+1, so the group's tasks are spread
 * over all its gateways but one (a single gateway carries them all).
 */
export function gatewayShare(groupTasks: number, groupSize: number): number {
  return Math.ceil(groupTasks / Math.max(1, groupSize - 1));
}

/**
 * A gateway sized for its share of the tasks of the tenants that can use it: 8 vCPU / 8 GB per 500
 * tasks, at most the largest host (VCC-CAPACITY warns when a group needs more gateways).
 */
export function gatewaySize(host: Explicit, share: number): HostSize {
  if (host.instanceType) return { ...pick(host), rule: "instanceType given" };
  const units = Math.min(MAX_GATEWAY_UNITS, Math.max(1, Math.ceil(share / TASKS_PER_GATEWAY_UNIT)));
  return {
    vcpu: host.vcpu ?? units * GATEWAY_UNIT.vcpu,
    memoryGb: host.memoryGb ?? units * GATEWAY_UNIT.memoryGb,
    rule: `8 vCPU / 8 GB per ${TASKS_PER_GATEWAY_UNIT} concurrent tasks (${share} tasks: its N+1 share of the tenants that can use it)`,
  };
}

/** Tasks an explicitly sized proxy carries: one core and 1 GB per task, at most maxTasks. */
export function proxyCapacity(maxTasks: number, vcpu?: number, memoryGb?: number): number {
  return Math.min(maxTasks, vcpu ?? maxTasks, memoryGb ?? maxTasks);
}

export function proxySize(host: Explicit, maxTasks: number): HostSize {
  if (host.instanceType) return { ...pick(host), rule: "instanceType given" };
  return {
    vcpu: host.vcpu ?? Math.max(PROXY_MINIMUM.vcpu, maxTasks),
    memoryGb: host.memoryGb ?? Math.max(PROXY_MINIMUM.memoryGb, maxTasks),
    rule: `1 core and 1 GB per concurrent task (${maxTasks} tasks), at least 2 vCPU / 2 GB`,
  };
}

export function wanAcceleratorSize(host: Explicit): HostSize {
  if (host.instanceType) return { ...pick(host), rule: "instanceType given" };
  return { vcpu: host.vcpu ?? WAN_ACCELERATOR_DEFAULT.vcpu, memoryGb: host.memoryGb ?? WAN_ACCELERATOR_DEFAULT.memoryGb, rule: "at least 8 GB RAM" };
}

/** Global cache disk: sourceAccelerators x cacheGb, plus 2 % for digests, rounded up. */
export function wanCacheDiskGb(sourceAccelerators: number, cacheGb: number): number {
  return Math.ceil(sourceAccelerators * cacheGb * (1 + WAN_DIGEST_OVERHEAD));
}

export function applianceSize(host: Explicit): HostSize {
  if (host.instanceType) return { ...pick(host), rule: "instanceType given" };
  return { vcpu: host.vcpu ?? APPLIANCE_DEFAULT.vcpu, memoryGb: host.memoryGb ?? APPLIANCE_DEFAULT.memoryGb, rule: "small Linux appliance" };
}

/** 16 GB plus 8 GB for Cloud Connect; 16 GB extra when tenants run over 100 parallel tasks. */
export function serverMemoryGb(tenantTasks: number): number {
  return 16 + (tenantTasks > SERVER_BUSY_TASKS ? 16 : 8);
}

function pick(host: Explicit): Explicit {
  const out: Explicit = { instanceType: host.instanceType };
  if (host.vcpu !== undefined) out.vcpu = host.vcpu;
  if (host.memoryGb !== undefined) out.memoryGb = host.memoryGb;
  return out;
}
