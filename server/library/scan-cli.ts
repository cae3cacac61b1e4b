// hearth-scan: scans music folders into a data folder's database and prints
// the result as JSON. The same scan the server runs, without the server:
//   node dist/server/library/scan-cli.js --data DIR --music DIR [--music DIR]
//        [--threads N] [--full] [--parse-timeout-ms N]
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dbFile, openDb } from '../db/index.js';
import { claimScan, runRecordedScan } from './scan-control.js';

const usage =
  'usage: hearth-scan --data DIR --music DIR [--music DIR] [--threads N] [--full]\n';

function options() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      music: { type: 'string', multiple: true },
      threads: { type: 'string' },
      full: { type: 'boolean' },
      'parse-timeout-ms': { type: 'string' },
    },
  });
  if (!values.data || !values.music?.length) return null;
  return {
    dataDir: path.resolve(values.data),
    folders: values.music.map((dir) => path.resolve(dir)),
    threads: Number(values.threads ?? os.availableParallelism()),
    full: values.full ?? false,
    parseTimeoutMs: values['parse-timeout-ms']
      ? Number(values['parse-timeout-ms'])
      : undefined,
  };
}

async function main(): Promise<void> {
  const opts = options();
  if (!opts) {
    process.stderr.write(usage);
    process.exitCode = 2;
    return;
  }
  const db = openDb(dbFile(opts.dataDir));
  if (!claimScan(db)) {
    process.stderr.write('hearth-scan: another process is scanning this library\n');
    process.exitCode = 1;
    return;
  }
  const result = await runRecordedScan({ db, ...opts });
  db.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
