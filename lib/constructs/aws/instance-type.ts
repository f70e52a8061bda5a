import { HostSize } from "../../model/sizing";
import { MachineFamily, cheapestSize } from "../common/machine-sizes";

const SUFFIX: Record<number, string> = { 2: "large", 4: "xlarge", 8: "2xlarge", 16: "4xlarge", 32: "8xlarge", 48: "12xlarge", 64: "16xlarge", 96: "24xlarge", 128: "32xlarge" };
const SIZES = [2, 4, 8, 16, 32, 48, 64, 96, 128];

/** Current-generation EC2 families by memory per vCPU; r6i.32xlarge covers the schema's largest host. */
const FAMILIES: MachineFamily[] = [
  { sizes: SIZES, name: (n) => `c6i.${SUFFIX[n]}`, gbPerVcpu: 2, price: 0.0425 },
  { sizes: SIZES, name: (n) => `m6i.${SUFFIX[n]}`, gbPerVcpu: 4, price: 0.048 },
  { sizes: SIZES, name: (n) => `r6i.${SUFFIX[n]}`, gbPerVcpu: 8, price: 0.063 },
];

/** The cheapest EC2 type with Veeam's vCPUs and memory, or the instanceType given in the file. */
export function awsInstanceType(size: HostSize): string {
  return cheapestSize("EC2", FAMILIES, size);
}
