import { HostSize } from "../../model/sizing";

/** Azure families by memory per vCPU, with an approximate relative price per vCPU. */
const FAMILIES = [
  { sizes: [2, 4, 8, 16, 32, 48, 64, 72], name: (n: number) => `Standard_F${n}s_v2`, gbPerVcpu: 2, price: 0.0423 },
  { sizes: [2, 4, 8, 16, 32, 48, 64, 96], name: (n: number) => `Standard_D${n}s_v5`, gbPerVcpu: 4, price: 0.048 },
  // E96s_v5 has 672 GB, not 8 per vCPU: it is left out rather than overstated.
  { sizes: [2, 4, 8, 16, 20, 32, 48, 64], name: (n: number) => `Standard_E${n}s_v5`, gbPerVcpu: 8, price: 0.063 },
  // The schema's largest host (128 vCPU, 1,024 GB) fits only the M-series.
  { sizes: [128], name: () => "Standard_M128s", gbPerVcpu: 16, price: 0.11 },
];

/** The cheapest Azure size with at least the vCPUs and memory Veeam's sizing asks for, or the one given. */
export function azureVmSize(size: HostSize): string {
  if (size.instanceType) return size.instanceType;
  const vcpu = size.vcpu ?? 2;
  const memoryGb = size.memoryGb ?? 2;
  let best: { name: string; cost: number } | undefined;
  for (const f of FAMILIES) {
    const n = f.sizes.find((c) => c >= vcpu && c * f.gbPerVcpu >= memoryGb);
    if (n === undefined) continue;
    const cost = n * f.price;
    if (!best || cost < best.cost) best = { name: f.name(n), cost };
  }
  if (!best) throw new Error(`internal error: no Azure size for ${vcpu} vCPU / ${memoryGb} GB (the schema should cap sizes)`);
  return best.name;
}
