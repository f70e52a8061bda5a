import * as M from "../../model/model";
import { HostSize } from "../../model/sizing";

/** What every cloud's host constructs take from a host of the model. */
export interface HostSpec {
  /** Name of the host in the file (`gw-1`). */
  readonly name: string;
  /** Operating system of the host. */
  readonly os: "windows" | "linux";
  /** Veeam's sizing of the host (or the instanceType given). */
  readonly size: HostSize;
  /**
   * The fixed private address from the file.
   * @default assigned by the cloud
   */
  readonly address?: string;
}

/** A model host as host-construct props: one place, so no cloud forgets the fixed address. */
export function hostSpec(h: M.Host): HostSpec {
  return { name: h.name, os: h.os, size: h.size, ...(h.address ? { address: h.address } : {}) };
}
