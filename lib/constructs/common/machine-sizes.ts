import { HostSize } from "../../model/sizing";

/** A machine family: its sizes (in vCPUs), their names, memory per vCPU and a relative price. */
export interface MachineFamily {
  readonly sizes: readonly number[];
  readonly name: (vcpus: number) => string;
  readonly gbPerVcpu: number;
  /** Approximate price per vCPU, only to rank families against each other. */
  readonly price: number;
}

/**
 * The cheapest machine with at least the vCPUs and memory Veeam's sizing asks for, or the
 * instanceType given in the file. Each cloud passes its own families; the schema caps sizes so
 * that some family always fits.
 */
export function cheapestSize(cloud: string, families: readonly MachineFamily[], size: HostSize): string {
  if (size.instanceType) return size.instanceType;
  const vcpu = size.vcpu ?? 2;
  const memoryGb = size.memoryGb ?? 2;
  let best: { name: string; cost: number } | undefined;
  for (const f of families) {
    const n = f.sizes.find((c) => c >= vcpu && c * f.gbPerVcpu >= memoryGb);
    if (n !== undefined && (!best || n * f.price < best.cost)) best = { name: f.name(n), cost: n * f.price };
  }
  if (!best) throw new Error(`internal error: no ${cloud} machine for ${vcpu} vCPU / ${memoryGb} GB (the schema should cap sizes)`);
  return best.name;
}
