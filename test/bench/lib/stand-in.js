'use strict';
/**
 * The Stripe stand-in (the local emulator run alone: `node dist/src/stripe-emulator/main.js`) in a
 * process of its own, as a real provider is: its CPU and memory are not the app's, and the bench
 * can time it directly to compare the app's `/pay` with the call it makes.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const { procCpuMs } = require('./app-process');
const { request } = require('./http');
const { sleep } = require('./load');

class StandIn {
  /** Spawns it and resolves once it says it is listening (or rejects with its output). */
  static async start({ entry, port, webhookUrl, webhookSecret, logFile, timeoutMs = 15_000 }) {
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      STRIPE_EMULATOR_PORT: String(port),
      STRIPE_EMULATOR_WEBHOOK_URL: webhookUrl,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      // A customer's "Pay later" is settled by hand, if at all: nothing fires during the timed phases.
      STRIPE_EMULATOR_ASYNC_OUTCOME: 'manual',
    };
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = fs.createWriteStream(logFile, { flags: 'a' });
    let output = '';
    const listening = new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        log.write(chunk);
        if (output.length < 10_000) output += chunk;
        if (/listening on/.test(output)) resolve();
      });
      child.stderr.on('data', (chunk) => {
        log.write(chunk);
        output += chunk;
      });
      child.once('exit', (code) => reject(new Error(`The Stripe stand-in exited (code ${code}):\n${output}`)));
    });
    const standIn = new StandIn(child, `http://127.0.0.1:${port}`, log);
    try {
      await Promise.race([
        listening,
        sleep(timeoutMs).then(() => Promise.reject(new Error(`The Stripe stand-in did not start in ${timeoutMs} ms`))),
      ]);
    } catch (error) {
      await standIn.stop();
      throw error;
    }
    return standIn;
  }

  constructor(child, url, log) {
    this.child = child;
    this.url = url;
    this.log = log;
    this.exit = new Promise((resolve) => child.once('exit', resolve));
    this.exited = false;
    this.exit.then(() => (this.exited = true));
  }

  /** Every later API answer waits `latencyMs` first (the emulator's fault control). */
  async setLatency(latencyMs) {
    const response = await request(`${this.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs }),
    });
    if (response.status !== 200)
      throw new Error(`The stand-in's faults control answered ${response.status}: ${response.text}`);
  }

  cpuMs() {
    return procCpuMs(this.child.pid);
  }

  async stop() {
    if (!this.exited) {
      this.child.kill('SIGTERM');
      await Promise.race([this.exit, sleep(5_000)]);
      if (!this.exited) this.child.kill('SIGKILL');
    }
    this.log.end();
  }
}

module.exports = { StandIn };
