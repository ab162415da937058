'use strict';
const { localPostgresCpuMs, machineCpuMs } = require('./app-process');

/**
 * CPU used during a phase: per successful request by the app and by PostgreSQL, and in cores
 * (CPU seconds per second) by the app, PostgreSQL, the Stripe stand-in, the bench itself,
 * everything else on the machine, and the hypervisor's steal. `others` and `steal` say how much
 * the numbers were disturbed. PostgreSQL is the embedded one below the app, or with a
 * DATABASE_URL on this machine every `postgres` process here.
 */
function cpuMeter(app, standIn, { localDatabase }) {
  const postgresCpu = () => app.cpuMs().postgres ?? (localDatabase ? localPostgresCpuMs() : null);
  const wall0 = process.hrtime.bigint();
  const app0 = app.cpuMs().app;
  const postgres0 = postgresCpu();
  const standIn0 = standIn.cpuMs();
  const machine0 = machineCpuMs();
  const bench0 = process.cpuUsage();
  return (requests) => {
    const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
    const appMs = app.cpuMs().app - app0;
    const postgres1 = postgresCpu();
    const postgresMs = postgres1 === null || postgres0 === null ? null : postgres1 - postgres0;
    const standInMs = standIn.cpuMs() - standIn0;
    const machine1 = machineCpuMs();
    const benchUsage = process.cpuUsage(bench0);
    const benchMs = (benchUsage.user + benchUsage.system) / 1000;
    const busyMs = machine1.busy - machine0.busy;
    const cores = (ms) => Math.round((ms / wallMs) * 100) / 100;
    const perRequest = (ms) => (requests > 0 && ms !== null ? Math.round((ms / requests) * 100) / 100 : null);
    return {
      appMsPerRequest: perRequest(appMs),
      postgresMsPerRequest: perRequest(postgresMs),
      cores: {
        app: cores(appMs),
        postgres: postgresMs === null ? null : cores(postgresMs),
        standIn: cores(standInMs),
        bench: cores(benchMs),
        others: cores(Math.max(0, busyMs - appMs - (postgresMs ?? 0) - standInMs - benchMs)),
        steal: cores(machine1.steal - machine0.steal),
      },
    };
  };
}

function isLocal(databaseUrl) {
  if (!databaseUrl) return false;
  try {
    return ['127.0.0.1', 'localhost', '[::1]', ''].includes(new URL(databaseUrl).hostname);
  } catch {
    return false;
  }
}

module.exports = { cpuMeter, isLocal };
