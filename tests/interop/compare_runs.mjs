// Compares two NetOrbit run directories table by table with arrow-js: the same .arrow files, the
// same columns and types, and every value identical (float64 bit for bit, NaN equal to NaN).
// Wall-clock columns (`wall_seconds`) are skipped. A refactor must leave a fixed configuration's
// tables equal; a change that moves values on purpose names the tables it moves with --except.
// Usage: node compare_runs.mjs BEFORE_DIR AFTER_DIR [--except TABLE_PREFIX]...
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { arrowFiles } from "./run_dir.mjs";

const [a, b, ...rest] = process.argv.slice(2);
const except = [];
for (let i = 0; i < rest.length; i += 2) {
  if (rest[i] !== "--except" || !rest[i + 1]) {
    console.error("usage: node compare_runs.mjs BEFORE_DIR AFTER_DIR [--except TABLE_PREFIX]...");
    process.exit(2);
  }
  except.push(rest[i + 1]);
}
if (!a || !b) {
  console.error("usage: node compare_runs.mjs BEFORE_DIR AFTER_DIR [--except TABLE_PREFIX]...");
  process.exit(2);
}

const files = (d) => [...arrowFiles(d)].map((p) => relative(d, p).split(sep).join("/"));

const same = (x, y) => {
  if (typeof x === "number" && typeof y === "number") return Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
  if (x === y) return true;
  if (x && y && typeof x[Symbol.iterator] === "function" && typeof y[Symbol.iterator] === "function" && typeof x !== "string") {
    const xs = [...x], ys = [...y];
    return xs.length === ys.length && xs.every((v, i) => same(v, ys[i]));
  }
  return false;
};

const fa = files(a), fb = files(b);
let problems = 0, compared = 0, skipped = 0;
for (const f of new Set([...fa, ...fb])) {
  if (except.some((p) => f.startsWith(p))) {
    skipped++;
    continue;
  }
  if (!fa.includes(f) || !fb.includes(f)) {
    console.log(`DIFF ${f}: only in ${fa.includes(f) ? a : b}`);
    problems++;
    continue;
  }
  const ta = tableFromIPC(readFileSync(join(a, f))), tb = tableFromIPC(readFileSync(join(b, f)));
  const sa = ta.schema.fields.map((x) => `${x.name}:${x.type}`).join(","), sb = tb.schema.fields.map((x) => `${x.name}:${x.type}`).join(",");
  if (sa !== sb) {
    console.log(`DIFF ${f}: schema ${sa} vs ${sb}`);
    problems++;
    continue;
  }
  if (ta.numRows !== tb.numRows) {
    console.log(`DIFF ${f}: ${ta.numRows} vs ${tb.numRows} rows`);
    problems++;
    continue;
  }
  let bad = null;
  for (const field of ta.schema.fields) {
    if (field.name === "wall_seconds") continue;
    const ca = ta.getChild(field.name), cb = tb.getChild(field.name);
    for (let i = 0; i < ta.numRows && !bad; i++) {
      if (!same(ca.get(i), cb.get(i))) bad = `${field.name} row ${i}: ${ca.get(i)} vs ${cb.get(i)}`;
    }
    if (bad) break;
  }
  if (bad) {
    console.log(`DIFF ${f}: ${bad}`);
    problems++;
  } else compared++;
}
console.log(`${compared} tables identical, ${problems} differ` + (skipped ? `, ${skipped} skipped (--except ${except.join(" ")})` : ""));
process.exit(problems === 0 ? 0 : 1);
