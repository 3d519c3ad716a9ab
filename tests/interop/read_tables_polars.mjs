// Opens every Arrow table of a NetOrbit run directory with polars (Rust, through nodejs-polars):
// a second Arrow implementation independent of both the C# writer and arrow-js. For each file it
// checks the columns and their types against the table's document (schemas/*.md, or a plugin's
// own schemas folder), the weights vector length against the run's architecture in runs.arrow,
// the trajectories/ folder read as one table (a glob scan: its rows are every file's, and its runs
// come in the order of runs.arrow), and, given arrow-js's fingerprints (read_tables.mjs --fingerprints), that both readers see the
// same row counts and the same column sums (relative 1e-9: the two libraries sum in different orders).
// Usage: node read_tables_polars.mjs RUN_DIR --docs DIR [--docs DIR]... [--compare FINGERPRINTS.json]
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { arrowFiles } from "./run_dir.mjs";

const pl = createRequire(import.meta.url)("nodejs-polars");

const args = process.argv.slice(2);
let dir = args[0];
const docs = [];
let compare = null;
for (let i = 1; i < args.length; i += 2) {
  if (args[i] === "--docs") docs.push(args[i + 1]);
  else if (args[i] === "--compare") compare = JSON.parse(readFileSync(args[i + 1], "utf8"));
  else dir = undefined;
}
if (!dir || docs.length === 0) {
  console.error("usage: node read_tables_polars.mjs RUN_DIR --docs DIR [--docs DIR]... [--compare FINGERPRINTS.json]");
  process.exit(2);
}

// The document of a file: runs.arrow -> runs.md, datasets/x.arrow -> datasets.md,
// trajectories/x.arrow -> trajectories.md, <stage>/<table>.arrow -> <stage>.<table>.md.
function documentFor(rel) {
  const parts = rel.split(sep);
  const name = parts.length === 1 ? basename(rel, ".arrow")
    : ["datasets", "trajectories"].includes(parts[0]) ? parts[0]
    : `${parts[0]}.${basename(parts[1], ".arrow")}`;
  for (const d of docs) {
    const p = join(d, `${name}.md`);
    if (existsSync(p)) return p;
  }
  throw new Error(`no document ${name}.md in ${docs.join(", ")}`);
}

// The first markdown table whose header starts "| column | type |": [{name, type}].
function documentedColumns(path) {
  const rows = [];
  let inTable = false;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (!inTable) {
      inTable = cells[0] === "column" && cells[1] === "type";
      continue;
    }
    if (!line.startsWith("|")) break;
    if (/^-+$/.test(cells[0])) continue;
    rows.push({ name: cells[0].replaceAll("`", ""), type: cells[1] });
  }
  if (rows.length === 0) throw new Error(`${path}: no "| column | type |" table`);
  return rows;
}

// polars' dtype in the documents' words.
function typeName(dtype) {
  const j = typeof dtype === "string" ? dtype : dtype.DataType ?? dtype;
  if (typeof j === "string") {
    return { Float64: "float64", Int32: "int32", Int64: "int64", String: "utf8", Utf8: "utf8", Bool: "bool", Boolean: "bool" }[j] ?? j;
  }
  if (j.List) return `list<${typeName(j.List)}>`;
  if (j.FixedSizeList) return `fixed_size_list<${typeName(j.FixedSizeList.type)}>[${j.FixedSizeList.size}]`;
  return JSON.stringify(j);
}

function checkColumns(df, documented, rel) {
  const actual = df.columns.map((c) => ({ name: c, type: typeName(JSON.parse(JSON.stringify(df.getColumn(c).dtype))) }));
  let a = 0;
  for (const d of documented) {
    if (d.name.startsWith("<")) {
      // a placeholder such as <feature>: any number of columns of that type
      while (a < actual.length && actual[a].type === d.type && !documented.some((x) => x.name === actual[a].name)) a++;
      continue;
    }
    const c = actual[a++];
    if (!c) throw new Error(`missing documented column ${d.name}`);
    if (c.name !== d.name) throw new Error(`column ${a - 1} is ${c.name}, documented ${d.name}`);
    const expected = d.type.replace("[P]", "[");
    if (!(c.type === d.type || (d.type.endsWith("[P]") && c.type.startsWith(expected)))) {
      throw new Error(`column ${c.name} is ${c.type}, documented ${d.type}`);
    }
  }
  if (a !== actual.length) throw new Error(`undocumented column ${actual[a].name}`);
  return actual;
}

const parameterCount = (architecture) => {
  const w = architecture.split("-").map(Number);
  let p = 0;
  for (let i = 1; i < w.length; i++) p += (w[i - 1] + 1) * w[i];
  return p;
};

const numeric = /^(float64|int32|int64|list<float64>|fixed_size_list<float64>\[\d+\])$/;
let architectures = null;
const runsPath = join(dir, "runs.arrow");
if (existsSync(runsPath)) {
  const runs = pl.readIPC(readFileSync(runsPath));
  architectures = new Map(runs.getColumn("run_id").toArray().map((id, i) => [id, runs.getColumn("architecture").get(i)]));
}

const documented = new Map(); // document path -> its columns, read once
let files = 0;
let failures = 0;
let compared = 0;
let trajectoryRows = 0;
for (const file of arrowFiles(dir)) {
  files++;
  const rel = relative(dir, file);
  try {
    // nodejs-polars 0.25.2's readIPC(path) fails on every file; it reads the bytes.
    const df = pl.readIPC(readFileSync(file));
    if (rel.startsWith(`trajectories${sep}`)) trajectoryRows += df.height;
    const doc = documentFor(rel);
    if (!documented.has(doc)) documented.set(doc, documentedColumns(doc));
    const columns = checkColumns(df, documented.get(doc), rel);
    const sums = {};
    for (const c of columns) {
      if (!numeric.test(c.type)) continue;
      const s = df.getColumn(c.name);
      // float64 sums: polars sums int64 in int64, which wraps where seeds are large
      sums[c.name] = Number((c.type.includes("list") ? s.explode() : s).cast(pl.Float64).sum());
    }
    if (rel.startsWith(`trajectories${sep}`) && df.height > 0) {
      const p = Number(/\[(\d+)\]$/.exec(columns.find((c) => c.name === "weights").type)[1]);
      const run = df.getColumn("run_id").get(0);
      const arch = architectures?.get(run);
      if (arch && p !== parameterCount(arch)) throw new Error(`weights length ${p}, architecture ${arch} has ${parameterCount(arch)} parameters`);
    }
    if (compare) {
      const other = compare[rel.split(sep).join("/")];
      if (!other) throw new Error("arrow-js has no fingerprint for this file");
      if (other.rows !== df.height) throw new Error(`${df.height} rows, arrow-js read ${other.rows}`);
      for (const [name, v] of Object.entries(sums)) {
        const w = Number(other.sums[name]); // non-finite sums come as strings ("NaN", "Infinity")
        const same = (Number.isNaN(v) && Number.isNaN(w)) || v === w || Math.abs(v - w) <= 1e-9 * Math.max(Math.abs(v), Math.abs(w));
        if (!same) throw new Error(`sum(${name}) = ${v}, arrow-js ${w}`);
      }
      compared++;
    }
    console.log(`ok ${rel}: ${df.height} rows, ${columns.length} columns match ${basename(doc)}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${rel}: ${e.message}`);
  }
}
if (existsSync(join(dir, "trajectories")) && architectures) {
  // The folder as one table, as pyarrow.dataset and R's open_dataset read it (columns other than
  // weights, which differ in width between files when the experiment's networks do).
  try {
    const all = pl.scanIPC(join(dir, "trajectories", "*.arrow")).select("run_id", "member", "step").collectSync();
    if (all.height !== trajectoryRows) throw new Error(`${all.height} rows, the files hold ${trajectoryRows}`);
    const ids = all.getColumn("run_id").toArray().filter((id, i, a) => i === 0 || a[i - 1] !== id);
    const order = [...architectures.keys()];
    const recorded = new Set(ids);
    if (ids.length !== recorded.size) throw new Error("a run's rows are not together");
    if (ids.join("\n") !== order.filter((id) => recorded.has(id)).join("\n")) throw new Error("runs are not in the order of runs.arrow");
    console.log(`ok trajectories/ as one table: ${all.height} rows, ${ids.length} runs in grid order`);
  } catch (e) {
    failures++;
    console.log(`FAIL trajectories/ as one table: ${e.message}`);
  }
}
if (files === 0) {
  console.log(`FAIL: no .arrow files under ${dir}`);
  process.exit(1);
}
console.log(`polars read ${files - failures} of ${files} tables` + (compare ? `; ${compared} agree with arrow-js` : ""));
process.exit(failures === 0 ? 0 : 1);
