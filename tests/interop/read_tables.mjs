// Opens every Arrow table of a NetOrbit run directory with arrow-js (an implementation
// independent of the C# one that wrote them), checks the netorbit.schema tag and the documented
// columns, sums a numeric column, and for trajectories checks the weights vector length. With
// --fingerprints FILE it writes every file's row count and the sum of each numeric column (list
// columns: of all their values) as JSON, for read_tables_polars.mjs to compare with polars.
// Usage: node read_tables.mjs RUN_DIR [--fingerprints FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { tableFromIPC, Type } from "apache-arrow";
import { arrowFiles } from "./run_dir.mjs";

const dir = process.argv[2];
const fingerprintsFile = process.argv[3] === "--fingerprints" ? process.argv[4] : null;
if (!dir || (process.argv.length > 3 && !fingerprintsFile)) {
  console.error("usage: node read_tables.mjs RUN_DIR [--fingerprints FILE]");
  process.exit(2);
}

// Sum of a numeric column's values, nulls skipped; list columns: of every value of every list.
function columnSum(table, field) {
  const id = field.type.typeId;
  const isList = id === Type.List || id === Type.FixedSizeList;
  const valueId = isList ? field.type.children[0].type.typeId : id;
  if (valueId !== Type.Float && valueId !== Type.Int) return null;
  let sum = 0;
  for (const v of table.getChild(field.name)) {
    if (v === null) continue;
    if (isList) for (const x of v) sum += Number(x);
    else sum += Number(v);
  }
  return sum;
}

const fingerprints = {};
let files = 0;
let failures = 0;
for (const file of arrowFiles(dir)) {
  files++;
  const rel = relative(dir, file);
  try {
    const table = tableFromIPC(readFileSync(file));
    const tag = table.schema.metadata.get("netorbit.schema");
    if (!tag) throw new Error("no netorbit.schema metadata");
    const names = table.schema.fields.map((f) => f.name);
    let sum = 0;
    let column = null;
    for (const f of table.schema.fields) {
      const t = String(f.type);
      if (t === "Float64" || t.startsWith("Int")) {
        column = f.name;
        for (const v of table.getChild(f.name)) if (v !== null) sum += Number(v);
        break;
      }
    }
    if (tag.startsWith("trajectories/")) {
      const layout = JSON.parse(table.schema.metadata.get("netorbit.param_layout"));
      const p = layout.reduce((n, b) => n + b.shape.reduce((a, c) => a * c, 1), 0);
      const w = table.getChild("weights");
      if (table.numRows > 0 && w.get(0).length !== p) throw new Error(`weights length ${w.get(0).length} != ${p}`);
      for (const c of ["run_id", "member", "step", "loss", "accuracy", "weights", "test_loss", "test_accuracy"]) {
        if (!names.includes(c)) throw new Error(`missing column ${c}`);
      }
    }
    const sums = {};
    for (const f of table.schema.fields) {
      const s = columnSum(table, f);
      if (s !== null) sums[f.name] = s;
    }
    fingerprints[rel.split(sep).join("/")] = { rows: table.numRows, sums };
    console.log(`ok ${rel}: ${tag}, ${table.numRows} rows, ${names.length} columns, sum(${column}) = ${sum}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${rel}: ${e.message}`);
  }
}
if (files === 0) {
  console.log(`FAIL: no .arrow files under ${dir}`);
  process.exit(1);
}
console.log(`arrow-js read ${files - failures} of ${files} tables`);
if (fingerprintsFile) {
  // NaN and infinities as strings: JSON would write null for them
  writeFileSync(fingerprintsFile, JSON.stringify(fingerprints, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)));
}
process.exit(failures === 0 ? 0 : 1);
