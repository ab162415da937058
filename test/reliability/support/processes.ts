import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
export const APP_MAIN = path.join(ROOT, 'dist/src/main.js');
export const EMULATOR_MAIN = path.join(ROOT, 'dist/src/stripe-emulator/main.js');

/** Every child the suite started, killed on Ctrl-C, SIGTERM or exit even if afterAll never runs. */
const children = new Set<{ child: ChildProcess; signal: NodeJS.Signals }>();
/** Temporary folders to delete at exit when the suite did not get to it. */
const folders = new Set<string>();
const cleanUpNow = () => {
  for (const { child, signal } of children)
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
};
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanUpNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanUpNow();
      process.exit(128 + constants.signals[signal]);
    });
  }
}

export function track(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  hookExit();
  const entry = { child, signal };
  children.add(entry);
  child.once('exit', () => children.delete(entry));
}

/** Deleted at exit unless `untrack`ed (deleted by its owner) first. */
export function trackFolder(folder: string): () => void {
  hookExit();
  folders.add(folder);
  return () => folders.delete(folder);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Node program of the build, its output appended to `logFile`; restartable under the same port. */
export class NodeProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly program: string,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    /** A GET that answers 200 once the program is ready. */
    private readonly readyPath: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [this.program], {
      cwd: path.dirname(this.logFile),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    track(child);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited while starting:\n${this.logTail()}`);
      const status = await fetch(`${this.url}${this.readyPath}`).then(
        (res) => res.status,
        () => 0,
      );
      if (status === 200) return;
      await sleep(100);
    }
    throw new Error(`${this.name} was not ready within 60 s:\n${this.logTail()}`);
  }

  /** SIGKILL: no shutdown hook runs, connections and transactions in flight are cut. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const gone = await Promise.race([this.exited!.then(() => true), sleep(5000).then(() => false)]);
    if (!gone) await this.kill();
  }

  logTail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
