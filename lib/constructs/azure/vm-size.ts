import { HostSize } from "../../model/sizing";
import { MachineFamily, cheapestSize } from "../common/machine-sizes";

/** Azure families by memory per vCPU. */
const FAMILIES: MachineFamily[] = [
  { sizes: [2, 4, 8, 16, 32, 48, 64, 72], name: (n) => `Standard_F${n}s_v2`, gbPerVcpu: 2, price: 0.0423 },
  { sizes: [2, 4, 8, 16, 32, 48, 64, 96], name: (n) => `Standard_D${n}s_v5`, gbPerVcpu: 4, price: 0.048 },
  // E96s_v5 has 672 GB, not 8 per vCPU: it is left out rather than overstated.
  { sizes: [2, 4, 8, 16, 20, 32, 48, 64], name: (n) => `Standard_E${n}s_v5`, gbPerVcpu: 8, price: 0.063 },
  // The schema's largest host (128 vCPU, 1,024 GB) fits only the M-series.
  { sizes: [128], name: () => "Standard_M128s", gbPerVcpu: 16, price: 0.11 },
];

/** The cheapest Azure size with Veeam's vCPUs and memory, or the one given in the file. */
export function azureVmSize(size: HostSize): string {
  return cheapestSize("Azure", FAMILIES, size);
}
