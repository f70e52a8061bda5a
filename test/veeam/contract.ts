/**
 * Veeam's published contract, as the tests hold vcc-iac to it: the v13 PowerShell reference
 * trimmed to the cmdlets vcc-iac calls (test/fixtures/veeam/v13-cmdlets.json, made by
 * scripts/veeam-contract from github:comnam90/veeam-docs-vbr-dump, build 13.0.1.1071), and the
 * readings chosen where the reference contradicts itself (DEFECTS.md beside it).
 */
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "../../lib/util/package-root";

export interface ParameterDoc {
  readonly type: string;
  readonly mandatory: boolean;
  readonly switch: boolean;
  readonly values?: readonly string[];
}

export interface Contract {
  readonly reference: string;
  readonly source: string;
  readonly build: string;
  readonly cmdlets: Readonly<Record<string, { readonly sourceUrl: string; readonly outputObjects: readonly string[]; readonly parameterSets: ReadonlyArray<Readonly<Record<string, ParameterDoc>>> }>>;
  readonly objects: Readonly<Record<string, { readonly sourceUrl: string; readonly properties: Readonly<Record<string, string>> }>>;
  readonly enums: Readonly<Record<string, readonly string[]>>;
}

export const CONTRACT: Contract = JSON.parse(fs.readFileSync(path.join(packageRoot(), "test", "fixtures", "veeam", "v13-cmdlets.json"), "utf8"));

/**
 * Properties the read script uses that an object page does not list, with the reading chosen
 * (DEFECTS.md, by its section). Anything else a reader names must be on the page.
 */
export const READINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Get-VBRServer returns CHost, which has no page in the reference.
  CHost: { Id: "CHost has no page", Name: "CHost has no page", Type: "CHost has no page", Description: "CHost has no page" },
  // VBRCloudCertificate's page lists no property; the certificate is an X.509 certificate.
  VBRCloudCertificate: { Thumbprint: "VBRCloudCertificate lists no property" },
  // VBRAmazonAccount lists only Description and ModifiedDate (pasted from an EC2 page).
  VBRAmazonAccount: { Id: "VBRAmazonAccount lists no Id" },
  // VBRAzureBlobAccount and VBRGoogleCloudAccount have no page.
  VBRAzureBlobAccount: { Id: "no page", Name: "no page", Description: "no page" },
  VBRGoogleCloudAccount: { Id: "no page", Description: "no page" },
  // The Amazon, S3-compatible and Azure repository pages omit the members every object storage
  // repository has (VBRObjectStorageRepository has no page); read as on VBRGoogleCloudRepository.
  VBRGoogleCloudRepository: { BackupImmutabilityEnabled: "the Google page omits immutability; read as on the others", ImmutabilityPeriod: "as above" },
  VBRAmazonS3Repository: {},
  VBRAmazonS3CompatibleRepository: {},
  VBRAzureBlobRepository: {},
};

/** The type of an argument as the fake evaluated it, for the type check. */
export type ArgShape = "switch" | "bool" | "string" | "number" | "enum" | "date" | "object" | "list";

const NUMERIC = /^(u?int(16|32|64)?|decimal|double|long)(\[\])?$/i;
const STRING = /^(string|ipaddress|ipaddress or string|securestring)(\[\])?$/i;

/**
 * Checks one call against the reference: the cmdlet exists, one parameter set has every given
 * parameter and all its mandatory ones, switches get switches, enumerations get one of their
 * values, numbers get numbers, strings get strings. Returns what is wrong, or undefined.
 */
export function checkCall(cmdlet: string, params: ReadonlyArray<{ readonly name: string; readonly shape: ArgShape; readonly value?: unknown }>): string | undefined {
  const doc = CONTRACT.cmdlets[cmdlet];
  if (!doc) return `${cmdlet} is not in the v13 reference (or not in the fixture)`;
  const given = new Set(params.map((p) => p.name));
  if (given.size !== params.length) return `${cmdlet}: a parameter is given twice`;
  const sets = doc.parameterSets.filter((set) => [...given].every((n) => n in set) && Object.entries(set).every(([n, p]) => !p.mandatory || given.has(n)));
  if (sets.length === 0) {
    const describe = doc.parameterSets.map((s) => Object.entries(s).map(([n, p]) => (p.mandatory ? `-${n}` : `[-${n}]`)).join(" "));
    return `${cmdlet} ${[...given].map((n) => `-${n}`).join(" ")} matches none of its parameter sets: ${describe.join(" | ")}`;
  }
  for (const p of params) {
    const errors = sets.map((set) => checkParameter(cmdlet, p, set[p.name]));
    if (errors.every((e) => e !== undefined)) return errors[0];
  }
  return undefined;
}

function checkParameter(cmdlet: string, p: { name: string; shape: ArgShape; value?: unknown }, doc: ParameterDoc): string | undefined {
  const where = `${cmdlet} -${p.name}`;
  if (doc.switch) return p.shape === "switch" || p.shape === "bool" ? undefined : `${where} is a switch`;
  if (p.shape === "switch") return `${where} takes a ${doc.type}, not a switch`;
  if (p.shape === "bool") return /^bool(ean)?$/i.test(doc.type) ? undefined : `${where} takes a ${doc.type}, not a Boolean`;
  const values = doc.values ?? CONTRACT.enums[doc.type.replace(/\[\]$/, "")];
  if (p.shape === "enum") {
    if (!values) return `${where} (${doc.type}) is not an enumeration`;
    return values.includes(String(p.value)) ? undefined : `${where} takes one of ${values.join(", ")}, not ${String(p.value)}`;
  }
  if (NUMERIC.test(doc.type)) return p.shape === "number" ? undefined : `${where} takes a number (${doc.type}), not a ${p.shape}`;
  if (/^datetime$/i.test(doc.type)) return p.shape === "date" ? undefined : `${where} takes a DateTime, not a ${p.shape}`;
  if (STRING.test(doc.type)) return p.shape === "string" || (p.shape === "list" && doc.type.endsWith("[]")) ? undefined : `${where} takes a ${doc.type}, not a ${p.shape}`;
  // An object (or an array of them): a lookup, a variable or a list.
  return p.shape === "object" || p.shape === "list" ? undefined : `${where} takes a ${doc.type} object, not a ${p.shape}`;
}
