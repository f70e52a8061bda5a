/**
 * The Azure boundary, proven with the Azurite emulator on loopback. vcc-iac gives every azure-blob
 * repository its own account and container; Veeam connects with that account's name and key (the
 * stack's sensitive output `storage_account_keys`) and signs tenants' SAS links with it.
 * For every pair of Azure repositories of every example (names read from the synthesized JSON), a
 * container SAS signed the way Veeam signs it reads, writes and lists its own container and is
 * refused on the other's. (Inside one container, folders cannot be fenced with a SAS on a
 * non-hierarchical account: per-tenant folders there are Veeam's own scoping, see the README.)
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { BlobServiceClient, ContainerClient, ContainerSASPermissions, StorageSharedKeyCredential, generateBlobSASQueryParameters } from "@azure/storage-blob";
import { exampleStacks, refersTo, resources } from "./helpers";

interface Repo {
  readonly account: string;
  readonly container: string;
  readonly key: string;
}

/** The repositories' accounts and containers, as the stacks create them. */
function repositories(): Repo[] {
  const out: Repo[] = [];
  for (const { stack } of exampleStacks("azurerm")) {
    for (const [id, a] of resources(stack.json, "azurerm_storage_account")) {
      const name = a.name as string;
      // A container belongs to the account its storage_account_id names (a stack may hold several).
      const plain = resources(stack.json, "azurerm_storage_container")
        .filter(([, c]) => refersTo(c.storage_account_id, "azurerm_storage_account").includes(id))
        .map(([, c]) => c.name as string);
      const immutable = resources(stack.json, "azurerm_resource_group_template_deployment")
        .flatMap(([, t]) => JSON.parse(t.template_content as string).resources as Array<{ name: string }>)
        .map((r) => r.name.split("/"))
        .filter(([acct]) => acct === name)
        .map(([, , container]) => container);
      for (const container of [...plain, ...immutable]) out.push({ account: name, container, key: randomBytes(64).toString("base64") });
    }
  }
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

describe("Azure repository boundary (Azurite)", () => {
  const repos = repositories();
  let azurite: ChildProcess;
  let endpoint: string;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-azurite-"));
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    azurite = spawn(
      process.execPath,
      [require.resolve("azurite/dist/src/blob/main.js"), "--blobHost", "127.0.0.1", "--blobPort", String(port), "--location", dir, "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl"],
      { stdio: "ignore", env: { ...process.env, AZURITE_ACCOUNTS: repos.map((r) => `${r.account}:${r.key}`).join(";") } },
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const r = repos[0];
        await new BlobServiceClient(`${endpoint}/${r.account}`, new StorageSharedKeyCredential(r.account, r.key)).getProperties();
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`Azurite did not start on ${endpoint}: ${(e as Error).message}`);
        await new Promise((res) => setTimeout(res, 200));
      }
    }
    for (const r of repos) await new BlobServiceClient(`${endpoint}/${r.account}`, new StorageSharedKeyCredential(r.account, r.key)).getContainerClient(r.container).create();
  }, 30_000);

  afterAll(() => {
    azurite?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A container SAS as Veeam issues it: 30 days, signed with the repository's account key. */
  function sasClient(owner: Repo, target: Repo): ContainerClient {
    const sas = generateBlobSASQueryParameters(
      { containerName: owner.container, permissions: ContainerSASPermissions.parse("racwdl"), expiresOn: new Date(Date.now() + 30 * 86_400_000) },
      new StorageSharedKeyCredential(owner.account, owner.key),
    ).toString();
    return new ContainerClient(`${endpoint}/${target.account}/${target.container}?${sas}`);
  }

  async function status(op: () => Promise<unknown>): Promise<number> {
    try {
      await op();
      return 200;
    } catch (e) {
      return (e as { statusCode?: number }).statusCode ?? -1;
    }
  }

  it("has at least two Azure repositories in the examples to set against each other", () => {
    expect(repos.length).toBeGreaterThanOrEqual(2);
    expect(new Set(repos.map((r) => r.account)).size).toBe(repos.length);
  });

  it("a repository's SAS reads, writes and lists its own container", async () => {
    for (const r of repos) {
      const own = sasClient(r, r);
      expect(await status(() => own.getBlockBlobClient("contoso-ltd/2026-11-22/backup.vbk").upload("data", 4))).toBe(200);
      expect(await status(() => own.getBlockBlobClient("contoso-ltd/2026-11-22/backup.vbk").download())).toBe(200);
      expect(await status(async () => own.listBlobsFlat({ prefix: "contoso-ltd/" }).next())).toBe(200);
    }
  });

  it("and is refused on every other repository's container", async () => {
    let pairs = 0;
    for (const a of repos) {
      for (const b of repos) {
        if (a === b) continue;
        pairs++;
        const cross = sasClient(a, b);
        expect([a.account, b.account, "write", await status(() => cross.getBlockBlobClient("contoso-ltd/x.vbk").upload("data", 4))]).toEqual([a.account, b.account, "write", 403]);
        expect([a.account, b.account, "read", await status(() => cross.getBlockBlobClient("contoso-ltd/2026-11-22/backup.vbk").download())]).toEqual([a.account, b.account, "read", 403]);
        expect([a.account, b.account, "list", await status(async () => cross.listBlobsFlat().next())]).toEqual([a.account, b.account, "list", 403]);
      }
    }
    expect(pairs).toBeGreaterThan(0);
  });

  it("and is refused on another container of its own account", async () => {
    const r = repos[0];
    await new BlobServiceClient(`${endpoint}/${r.account}`, new StorageSharedKeyCredential(r.account, r.key)).getContainerClient("other").create();
    const other = sasClient(r, { ...r, container: "other" });
    expect(await status(() => other.getBlockBlobClient("x").upload("data", 4))).toBe(403);
  });
});
