// Opens a run directory's trajectories/ as one table with polars (a glob scan over its files, every
// column) and prints the number of files, rows and runs and the seconds the scan took: the reader
// figure of README's "Large sweeps". Usage: node scan_trajectories.mjs RUN_DIR
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const pl = createRequire(import.meta.url)("nodejs-polars");
const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scan_trajectories.mjs RUN_DIR");
  process.exit(2);
}

const folder = join(dir, "trajectories");
let started = process.hrtime.bigint();
const files = readdirSync(folder).filter((n) => n.endsWith(".arrow")).length;
const listing = Number(process.hrtime.bigint() - started) / 1e9;
started = process.hrtime.bigint();
const table = pl.scanIPC(join(folder, "*.arrow")).collectSync();
const runs = table.getColumn("run_id").nUnique();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`${files} files (listed in ${listing.toFixed(3)} s); one table of ${table.height} rows, ${runs} runs, ${table.width} columns in ${seconds.toFixed(2)} s`);
