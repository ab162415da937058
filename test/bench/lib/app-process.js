'use strict';
/**
 * The compiled app as users run it (`node dist/src/main.js`), in a child process: started,
 * timed until /health/ready answers 200, measured through /proc, and stopped with SIGTERM.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const { request } = require('./http');
const { sleep } = require('./load');

/** A port nobody listens on right now (the OS picks it; tiny race, acceptable for a bench). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

class AppProcess {
  /**
   * Spawns the app and resolves once GET /health/ready answers 200, with `readyMs` measured from
   * the spawn. Rejects (after killing it) if it exits first or is not ready within `timeoutMs`.
   */
  static async start({ entry, env, port, logFile, timeoutMs = 60_000 }) {
    const log = fs.openSync(logFile, 'a');
    const spawnedAt = process.hrtime.bigint();
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const app = new AppProcess(child, `http://127.0.0.1:${port}`, logFile);
    try {
      app.readyMs = await app.waitReady(spawnedAt, timeoutMs);
    } catch (error) {
      await app.stop();
      throw error;
    }
    app.postgresPids = descendants(child.pid);
    return app;
  }

  constructor(child, baseUrl, logFile) {
    this.child = child;
    this.pid = child.pid;
    this.baseUrl = baseUrl;
    this.logFile = logFile;
    this.postgresPids = [];
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.exited = false;
    this.exit.then(() => (this.exited = true));
  }

  async waitReady(spawnedAt, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) {
        const { code, signal } = await this.exit;
        throw new Error(
          `The app exited (code ${code}, signal ${signal}) before it was ready. Last log lines:\n${this.logTail()}`,
        );
      }
      const response = await request(`${this.baseUrl}/health/ready`, { timeoutMs: 2_000 }).catch(() => undefined);
      if (response?.status === 200) return Number(process.hrtime.bigint() - spawnedAt) / 1e6;
      await sleep(20);
    }
    throw new Error(`The app was not ready within ${timeoutMs} ms. Last log lines:\n${this.logTail()}`);
  }

  /** Resident memory of the app's node process, in MiB: now and the peak so far. */
  memory() {
    const status = readProc(`/proc/${this.pid}/status`);
    const kb = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
    const postgresPss = this.postgresPssMiB();
    return {
      rssMiB: mib(kb('VmRSS')),
      peakRssMiB: mib(kb('VmHWM')),
      ...(postgresPss !== undefined && { postgresPssMiB: postgresPss }),
    };
  }

  /** The embedded PostgreSQL's processes (children of the app), proportional set size summed: shared buffers counted once. */
  postgresPssMiB() {
    const pids = descendants(this.pid);
    if (pids.length === 0) return undefined;
    let kb = 0;
    for (const pid of pids) kb += Number(readProc(`/proc/${pid}/smaps_rollup`).match(/^Pss:\s+(\d+) kB/m)?.[1] ?? 0);
    return mib(kb);
  }

  /**
   * CPU time so far, in ms: the app's node process (the in-process Stripe emulator included), and
   * its embedded PostgreSQL (the postmaster with the backends it has reaped, plus the live ones).
   * Unlike wall-clock numbers, these hardly change when other programs compete for the cores.
   */
  cpuMs() {
    const postmasters = childrenOf(this.pid);
    let postgres = 0;
    for (const pid of postmasters) {
      const [utime, stime, cutime, cstime] = procStatTicks(pid);
      postgres += utime + stime + cutime + cstime;
      for (const backend of descendants(pid)) {
        const [u, s] = procStatTicks(backend);
        postgres += u + s;
      }
    }
    // The app's reaped children (initdb, pg_ctl, a stopped postmaster) count with PostgreSQL too.
    const [utime, stime, cutime, cstime] = procStatTicks(this.pid);
    // With DATABASE_URL there is no PostgreSQL below the app to measure.
    const embedded = postmasters.length > 0;
    return {
      app: (utime + stime) * MS_PER_TICK,
      postgres: embedded ? (postgres + cutime + cstime) * MS_PER_TICK : null,
    };
  }

  /**
   * SIGTERM, as a user's Ctrl-C or an orchestrator would; resolves with the milliseconds the app
   * took to exit. After `timeoutMs`, SIGKILL, and SIGINT to the PostgreSQL it leaves behind.
   */
  async stop(timeoutMs = 20_000) {
    if (this.exited) return { ms: 0, code: (await this.exit).code, forced: false };
    const t0 = process.hrtime.bigint();
    this.child.kill('SIGTERM');
    const result = await Promise.race([this.exit, sleep(timeoutMs).then(() => undefined)]);
    if (result) return { ms: Number(process.hrtime.bigint() - t0) / 1e6, code: result.code, forced: false };
    this.child.kill('SIGKILL');
    await this.exit;
    for (const pid of this.postgresPids) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // Already gone.
      }
    }
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, code: null, forced: true };
  }

  logTail(lines = 15) {
    return readProc(this.logFile).trimEnd().split('\n').slice(-lines).join('\n');
  }
}

/** Linux reports CPU time in clock ticks: 100 per second on every common kernel configuration. */
const MS_PER_TICK = 10;

/** utime, stime, cutime, cstime (fields 14-17 of /proc/<pid>/stat), in ticks; zeros once the process is gone. */
function procStatTicks(pid) {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [11, 12, 13, 14].map((i) => Number(fields[i] ?? 0) || 0);
}

/** One process's own CPU time so far (user + system), in ms. */
function procCpuMs(pid) {
  const [utime, stime] = procStatTicks(pid);
  return (utime + stime) * MS_PER_TICK;
}

/**
 * CPU time so far of every `postgres` process on this machine, in ms, the postmasters' reaped
 * backends included: a DATABASE_URL server on this machine, measured as the embedded one is.
 */
function localPostgresCpuMs() {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    if (!stat.includes('(postgres)')) continue;
    const [utime, stime, cutime, cstime] = procStatTicks(Number(entry));
    ticks += utime + stime + cutime + cstime;
  }
  return ticks * MS_PER_TICK;
}

/** Whole-machine CPU time from /proc/stat, in ms: busy (neither idle nor iowait), stolen by the hypervisor, and total. */
function machineCpuMs() {
  const [, ...values] = readProc('/proc/stat').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
  const busy = user + nice + system + irq + softirq;
  return {
    busy: busy * MS_PER_TICK,
    steal: (steal || 0) * MS_PER_TICK,
    total: (busy + idle + iowait + (steal || 0)) * MS_PER_TICK,
  };
}

/** The thread ids of `pid`; none once it has exited. */
function tasksOf(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
}

function childrenOf(pid) {
  return tasksOf(pid).flatMap((tid) =>
    readProc(`/proc/${pid}/task/${tid}/children`).split(/\s+/).filter(Boolean).map(Number),
  );
}

/** Every process below `pid` (through /proc/<pid>/task/<tid>/children). */
function descendants(pid) {
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const child of childrenOf(current)) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function readProc(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const mib = (kb) => Math.round((kb / 1024) * 10) / 10;

module.exports = { AppProcess, freePort, localPostgresCpuMs, machineCpuMs, procCpuMs };
