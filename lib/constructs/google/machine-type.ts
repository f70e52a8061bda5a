import { HostSize } from "../../model/sizing";
import { MachineFamily, cheapestSize } from "../common/machine-sizes";

/** Compute Engine families by memory per vCPU. */
const FAMILIES: MachineFamily[] = [
  { sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96], name: (n) => `n2-highcpu-${n}`, gbPerVcpu: 1, price: 0.0354 },
  { sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96, 128], name: (n) => `n2-standard-${n}`, gbPerVcpu: 4, price: 0.0486 },
  // n2-highmem-128 has 864 GB, not 8 per vCPU: it is left out rather than overstated.
  { sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96], name: (n) => `n2-highmem-${n}`, gbPerVcpu: 8, price: 0.0656 },
  // The schema's largest host (128 vCPU, 1,024 GB) needs the memory-optimized m3 series (1,952 GB).
  { sizes: [128], name: () => "m3-megamem-128", gbPerVcpu: 15.25, price: 0.11 },
];

/** The cheapest machine type with Veeam's vCPUs and memory, or the one given in the file. */
export function googleMachineType(size: HostSize): string {
  return cheapestSize("Compute Engine", FAMILIES, size);
}
