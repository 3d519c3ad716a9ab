// Opens every Arrow table of a NetOrbit run directory with arrow-js (an implementation
// independent of the C# one that wrote them), checks the netorbit.schema tag and the documented
// columns, sums a numeric column, and for trajectories checks the weights vector length.
// Usage: node read_tables.mjs RUN_DIR
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { tableFromIPC } from "apache-arrow";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node read_tables.mjs RUN_DIR");
  process.exit(2);
}

function* arrowFiles(d) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) yield* arrowFiles(p);
    else if (name.endsWith(".arrow")) yield p;
  }
}

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
process.exit(failures === 0 ? 0 : 1);
