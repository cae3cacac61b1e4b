// One scan in its own process, so the benchmark can read that process's peak
// RSS: node dist/bench/scan-run.js DATA_DIR MUSIC_DIR THREADS
import { dbFile, openDb } from '../server/db/index.js';
import { scanLibrary } from '../server/library/scanner/index.js';

const [dataDir, music, threads] = process.argv.slice(2) as [string, string, string];
const db = openDb(dbFile(dataDir));
const started = performance.now();
const result = await scanLibrary({ db, folders: [music], threads: Number(threads) });
const wallMs = performance.now() - started;
db.close();
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ result, wallMs, maxRssMb })}\n`);
