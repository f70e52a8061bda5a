/**
 * A minimal Language Server Protocol client over stdio, enough to drive yaml-language-server as an
 * editor does: open a document, ask for completions, collect diagnostics.
 */
import { ChildProcess, spawn } from "child_process";

interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { message: string };
}

export interface CompletionItem {
  readonly label: string;
  readonly insertText?: string;
  readonly documentation?: string | { readonly value: string };
}

export interface Diagnostic {
  readonly message: string;
  readonly severity?: number;
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
}

export class LanguageClient {
  private readonly proc: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly diagnostics = new Map<string, { version?: number; items: Diagnostic[] }>();
  private readonly diagnosticWaiters: Array<() => void> = [];
  private stderr = "";

  constructor(serverScript: string) {
    this.proc = spawn(process.execPath, [serverScript, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stdout!.on("data", (d: Buffer) => this.receive(d));
    this.proc.stderr!.on("data", (d: Buffer) => (this.stderr += d.toString()));
  }

  async start(settings: Record<string, unknown>): Promise<void> {
    await this.request("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ["plaintext"] } }, hover: { contentFormat: ["plaintext"] }, publishDiagnostics: {} } },
    });
    this.notify("initialized", {});
    this.notify("workspace/didChangeConfiguration", { settings });
  }

  open(uri: string, text: string): void {
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
  }

  close(uri: string): void {
    this.notify("textDocument/didClose", { textDocument: { uri } });
    this.diagnostics.delete(uri);
  }

  async completion(uri: string, line: number, character: number): Promise<CompletionItem[]> {
    const result = (await this.request("textDocument/completion", { textDocument: { uri }, position: { line, character } })) as { items?: CompletionItem[] } | CompletionItem[] | null;
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  /** The hover text at a position ("" when there is none). */
  async hover(uri: string, line: number, character: number): Promise<string> {
    const result = (await this.request("textDocument/hover", { textDocument: { uri }, position: { line, character } })) as { contents?: string | { value: string } } | null;
    const c = result?.contents;
    return typeof c === "string" ? c : (c?.value ?? "");
  }

  /** The diagnostics the server publishes for `uri` (waits for the first publication). */
  async diagnosticsOf(uri: string, timeoutMs = 20000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    while (!this.diagnostics.has(uri)) {
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server said: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.diagnosticWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.diagnostics.get(uri)!.items;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.proc.exitCode !== null ? resolve() : this.proc.once("exit", () => resolve())));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.request("shutdown", null), new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      this.notify("exit", null);
    } finally {
      clearTimeout(timer);
      this.proc.stdin!.end();
      this.proc.kill();
      await exited;
    }
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  private send(message: Record<string, unknown>): void {
    const body = JSON.stringify(message);
    this.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.handle(message);
    }
  }

  private handle(m: Message): void {
    if (m.method === undefined && m.id !== undefined) {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    } else if (m.method === "textDocument/publishDiagnostics") {
      const p = m.params as { uri: string; diagnostics: Diagnostic[] };
      this.diagnostics.set(p.uri, { items: p.diagnostics });
      this.diagnosticWaiters.splice(0).forEach((w) => w());
    } else if (m.method !== undefined && m.id !== undefined) {
      // Requests from the server (configuration, registrations): answer with nothing.
      const items = (m.params as { items?: unknown[] } | undefined)?.items;
      this.send({ jsonrpc: "2.0", id: m.id, result: m.method === "workspace/configuration" ? (items ?? []).map(() => null) : null });
    }
  }
}
