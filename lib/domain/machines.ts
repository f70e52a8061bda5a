/**
 * The clouds' machine catalogs, and the one search for the cheapest machine with the vCPUs and
 * memory Veeam's sizing asks for. The model records each host's machine type once (from here);
 * stacks and `plan` read it there.
 */
import { HostSize } from "./sizing";
import type { Cloud } from "./storage";

/** A machine family: its sizes (in vCPUs), their names, memory per vCPU and a relative price. */
interface MachineFamily {
  readonly sizes: readonly number[];
  readonly name: (vcpus: number) => string;
  readonly gbPerVcpu: number;
  /** Approximate price per vCPU, only to rank families against each other. */
  readonly price: number;
}

const EC2_SUFFIX: Record<number, string> = { 2: "large", 4: "xlarge", 8: "2xlarge", 16: "4xlarge", 32: "8xlarge", 48: "12xlarge", 64: "16xlarge", 96: "24xlarge", 128: "32xlarge" };
const EC2_SIZES = [2, 4, 8, 16, 32, 48, 64, 96, 128];

const FAMILIES: Readonly<Record<Cloud, readonly MachineFamily[]>> = {
  // Current-generation EC2 families by memory per vCPU; r6i.32xlarge covers the schema's largest host.
  aws: [
    { sizes: EC2_SIZES, name: (n) => `c6i.${EC2_SUFFIX[n]}`, gbPerVcpu: 2, price: 0.0425 },
    { sizes: EC2_SIZES, name: (n) => `m6i.${EC2_SUFFIX[n]}`, gbPerVcpu: 4, price: 0.048 },
    { sizes: EC2_SIZES, name: (n) => `r6i.${EC2_SUFFIX[n]}`, gbPerVcpu: 8, price: 0.063 },
  ],
  azure: [
    { sizes: [2, 4, 8, 16, 32, 48, 64, 72], name: (n) => `Standard_F${n}s_v2`, gbPerVcpu: 2, price: 0.0423 },
    { sizes: [2, 4, 8, 16, 32, 48, 64, 96], name: (n) => `Standard_D${n}s_v5`, gbPerVcpu: 4, price: 0.048 },
    // E96s_v5 has 672 GB, not 8 per vCPU: it is left out rather than overstated.
    { sizes: [2, 4, 8, 16, 20, 32, 48, 64], name: (n) => `Standard_E${n}s_v5`, gbPerVcpu: 8, price: 0.063 },
    // The schema's largest host (128 vCPU, 1,024 GB) fits only the M-series.
    { sizes: [128], name: () => "Standard_M128s", gbPerVcpu: 16, price: 0.11 },
  ],
  google: [
    { sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96], name: (n) => `n2-highcpu-${n}`, gbPerVcpu: 1, price: 0.0354 },
    { sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96, 128], name: (n) => `n2-standard-${n}`, gbPerVcpu: 4, price: 0.0486 },
    // n2-highmem-128 has 864 GB, not 8 per vCPU: it is left out rather than overstated.
    { sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96], name: (n) => `n2-highmem-${n}`, gbPerVcpu: 8, price: 0.0656 },
    // The schema's largest host (128 vCPU, 1,024 GB) needs the memory-optimized m3 series (1,952 GB).
    { sizes: [128], name: () => "m3-megamem-128", gbPerVcpu: 15.25, price: 0.11 },
  ],
};

/**
 * The cheapest machine of `cloud` with at least the vCPUs and memory of `size`, or the
 * instanceType given in the file. The schema caps sizes so that some family always fits.
 */
export function machineType(cloud: Cloud, size: HostSize): string {
  if (size.instanceType) return size.instanceType;
  const vcpu = size.vcpu ?? 2;
  const memoryGb = size.memoryGb ?? 2;
  let best: { name: string; cost: number } | undefined;
  for (const f of FAMILIES[cloud]) {
    const n = f.sizes.find((c) => c >= vcpu && c * f.gbPerVcpu >= memoryGb);
    if (n !== undefined && (!best || n * f.price < best.cost)) best = { name: f.name(n), cost: n * f.price };
  }
  if (!best) throw new Error(`internal error: no ${cloud} machine for ${vcpu} vCPU / ${memoryGb} GB (the schema should cap sizes)`);
  return best.name;
}
