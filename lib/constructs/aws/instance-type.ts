import { HostSize } from "../../model/sizing";

/** General-purpose families by memory per vCPU, with an approximate relative price per vCPU. */
const FAMILIES = [
  { family: "c6i", gbPerVcpu: 2, price: 0.0425 },
  { family: "m6i", gbPerVcpu: 4, price: 0.048 },
  { family: "r6i", gbPerVcpu: 8, price: 0.063 },
] as const;

const SIZES: ReadonlyArray<[string, number]> = [
  ["large", 2],
  ["xlarge", 4],
  ["2xlarge", 8],
  ["4xlarge", 16],
  ["8xlarge", 32],
  ["12xlarge", 48],
  ["16xlarge", 64],
  ["24xlarge", 96],
  ["32xlarge", 128],
];

/**
 * The cheapest current-generation EC2 type with at least the vCPUs and memory Veeam's sizing asks
 * for (the schema caps a host at 128 vCPU and 1,024 GB, which r6i.32xlarge covers), or the
 * instanceType given in the file.
 */
export function awsInstanceType(size: HostSize): string {
  if (size.instanceType) return size.instanceType;
  const vcpu = size.vcpu ?? 2;
  const memoryGb = size.memoryGb ?? 2;
  let best: { name: string; cost: number } | undefined;
  for (const f of FAMILIES) {
    for (const [suffix, cores] of SIZES) {
      if (cores < vcpu || cores * f.gbPerVcpu < memoryGb) continue;
      const cost = cores * f.price;
      if (!best || cost < best.cost) best = { name: `${f.family}.${suffix}`, cost };
      break;
    }
  }
  if (!best) throw new Error(`internal error: no EC2 type for ${vcpu} vCPU / ${memoryGb} GB (the schema should cap sizes)`);
  return best.name;
}
