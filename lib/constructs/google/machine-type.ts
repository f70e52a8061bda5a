import { HostSize } from "../../model/sizing";

/** Compute Engine families by memory per vCPU, with an approximate relative price per vCPU. */
const FAMILIES = [
  { prefix: "n2-highcpu", sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96], gbPerVcpu: 1, price: 0.0354 },
  { prefix: "n2-standard", sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96, 128], gbPerVcpu: 4, price: 0.0486 },
  // n2-highmem-128 has 864 GB, not 8 per vCPU: it is left out rather than overstated.
  { prefix: "n2-highmem", sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96], gbPerVcpu: 8, price: 0.0656 },
];
/** The schema's largest host (128 vCPU, 1,024 GB) needs the memory-optimized m3 series. */
const LARGEST = { name: "m3-megamem-128", vcpu: 128, memoryGb: 1952 };

/** The cheapest machine type with at least the vCPUs and memory Veeam's sizing asks for, or the one given. */
export function googleMachineType(size: HostSize): string {
  if (size.instanceType) return size.instanceType;
  const vcpu = size.vcpu ?? 2;
  const memoryGb = size.memoryGb ?? 2;
  let best: { name: string; cost: number } | undefined;
  for (const f of FAMILIES) {
    const n = f.sizes.find((c) => c >= vcpu && c * f.gbPerVcpu >= memoryGb);
    if (n === undefined) continue;
    if (!best || n * f.price < best.cost) best = { name: `${f.prefix}-${n}`, cost: n * f.price };
  }
  if (best) return best.name;
  if (vcpu <= LARGEST.vcpu && memoryGb <= LARGEST.memoryGb) return LARGEST.name;
  throw new Error(`internal error: no machine type for ${vcpu} vCPU / ${memoryGb} GB (the schema should cap sizes)`);
}
