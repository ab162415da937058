import type { ChildProcess } from 'node:child_process';
import { chown, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import {
  locateBinaries,
  postgresOsUser,
  prepareDataDir,
  writePrivateFile,
} from '../../../src/database/embedded-postgres-host';
import { initialiseCluster, launchServer } from '../../../src/database/embedded-postgres-server';
import { runMigrations } from '../../../src/database/migrate';
import { freePort, track, trackFolder } from './processes';

const USER = 'orderpay';
const PASSWORD = 'reliability';

export interface Cluster {
  readonly port: number;
  /** A migrated database of its own for one run. */
  createDatabase(name: string): Promise<string>;
  /** A crash and a restart on the same port: immediate shutdown (SIGQUIT), then crash recovery. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The suite's own throwaway PostgreSQL, from the project's embedded binaries: it can be crashed
 * and restarted on the same port (the app instances keep their DATABASE_URL) without touching
 * any other server on the machine, and its folder is deleted by stop().
 */
export async function startCluster(): Promise<Cluster> {
  const osUser = await postgresOsUser();
  const binaries = await locateBinaries(osUser, () => undefined);
  const { dataDir } = await prepareDataDir(undefined, osUser, () => undefined);
  const untrackFolder = trackFolder(dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  await mkdir(clusterDir, { mode: 0o700 });
  if (osUser) await chown(clusterDir, osUser.uid, osUser.gid);
  const passwordFile = path.join(dataDir, 'initdb-password');
  await writePrivateFile(passwordFile, `${PASSWORD}\n`, osUser);
  await initialiseCluster(binaries.initdb, clusterDir, { user: USER, passwordFile, osUser });
  await rm(passwordFile);
  const port = await freePort();
  const launch = async () => {
    const started = await launchServer(binaries.postgres, clusterDir, { port, osUser });
    track(started, 'SIGQUIT');
    return started;
  };
  let server: ChildProcess | undefined = await launch();
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

  const kill = async (signal: NodeJS.Signals) => {
    const running = server;
    server = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  return {
    port,
    async createDatabase(name) {
      const admin = new Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
      } finally {
        await admin.end();
      }
      await runMigrations(url(name));
      return url(name);
    },
    async restart() {
      await kill('SIGQUIT');
      server = await launch();
    },
    async stop() {
      await kill('SIGINT');
      await rm(dataDir, { recursive: true, force: true });
      untrackFolder();
    },
  };
}
