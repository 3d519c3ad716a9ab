// An independent float64 implementation of the paper's Iris training (Danovski, Soriano & Lacasa
// 2024; /work/shared/PAPER.md in the project): 4-10-3 network, sigmoid hidden layer, softmax output,
// mean categorical cross-entropy over the training split, N(0, 1) connection weights, zero biases,
// plain full-batch gradient descent at a constant eta, raw (unscaled) features, float64 throughout.
// Nothing here is NetOrbit's code: the forward/backward pass, the weight generator (PCG32 +
// Box-Muller) and the Arrow writer (arrow-js) are written or chosen independently of the C# trainer.
//
// It writes `trajectories/1` Arrow IPC *file* format tables (schemas/trajectories.md) holding only
// member 0 (the reference network), one row per step 0..N: W(step) and the training loss and
// accuracy at W(step), before the step is taken; test_loss and test_accuracy are null. A run whose
// loss or weights become non-finite ends with the first non-finite row (what a recorded float64
// run shows; NetOrbit's analyze then reports non_finite).
//
// Data: the repository's own copies only. Rows from stages/Datasets/Data/iris.csv (class indices
// in order of first appearance: setosa 0, versicolor 1, virginica 2), split like NetOrbit's
// `{"source": "iris", "test_fraction": 0.2, "split_seed": 0}` (samples/configs/paper-iris.json):
// a Fisher-Yates shuffle of rows 0..149 drawn with xoshiro256** seeded through splitmix64 (the
// published algorithm that MathNet's Xoshiro256StarStar(seed) implements; j in [0, i] from the top
// ceil(log2(i + 1)) bits of an output, redrawn when above i), the first round(0.2 * 150) = 30 rows
// of the permutation are test rows.
//
// Usage:
//   node tests/interop/iris_reference.mjs --out DIR [--seed S] [--steps N] [--split-seed K]
//     writes DIR/iris_eta{0.01,1,5,1e306}.arrow (run_id ref-eta<eta>), atomically (tmp + rename).
//   node tests/interop/iris_reference.mjs --check-reference [--tolerance T]
//     trains from each W(0) of tests/NetOrbit.Tests/Data/reference/iris_gd_reference.csv.gz (another
//     float64 implementation, on reference/iris_split.csv) and compares every step; exit 1 on failure.
import { readFileSync, writeFileSync, renameSync, mkdirSync, rmSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  Field, FixedSizeList, Float64, Int32, Int64, RecordBatch, Schema, Struct, Table, Utf8,
  makeData, tableToIPC, vectorFromArray,
} from "apache-arrow";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const IRIS_CSV = join(REPO, "stages", "Datasets", "Data", "iris.csv");
const REF_DIR = join(REPO, "tests", "NetOrbit.Tests", "Data", "reference");

const LAYERS = [4, 10, 3];
const [NI, NH, NO] = LAYERS;
// Parameter order (NetOrbit's netorbit.param_layout): W1[i,h] row-major, b1, W2[h,o] row-major, b2.
const OFF_W1 = 0, OFF_B1 = NI * NH, OFF_W2 = OFF_B1 + NH, OFF_B2 = OFF_W2 + NH * NO;
const P = OFF_B2 + NO; // 83
const PARAM_LAYOUT = JSON.stringify([
  { name: "W1", shape: [NI, NH], offset: OFF_W1 },
  { name: "b1", shape: [NH], offset: OFF_B1 },
  { name: "W2", shape: [NH, NO], offset: OFF_W2 },
  { name: "b2", shape: [NO], offset: OFF_B2 },
]);

const ETAS = [0.01, 1, 5, 1e306];
// A fresh seed, not one of NetOrbit's. 20261201 was tried first: its eta = 5 run collapses at step
// 177 onto the class-prior plateau (loss 1.0943, then decreasing monotonically), as 3 of the 20
// seeds 20261201..20261220 do within 1000 steps; 20261202 stays in the paper's irregular band.
const DEFAULT_SEED = 20261202;
const DEFAULT_STEPS = 1000;

// ---------------------------------------------------------------------------------------------
// Data

function readIris() {
  const lines = readFileSync(IRIS_CSV, "utf8").split("\n").filter((l) => l.trim().length > 0);
  const header = lines[0].split(",");
  if (header.join(",") !== "sepal_length,sepal_width,petal_length,petal_width,species") {
    throw new Error(`${IRIS_CSV}: unexpected header ${lines[0]}`);
  }
  const classes = [];
  const x = [];
  const y = [];
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    const row = f.slice(0, NI).map(Number);
    if (f.length !== NI + 1 || row.some((v) => !Number.isFinite(v))) throw new Error(`${IRIS_CSV}: bad line ${line}`);
    let c = classes.indexOf(f[NI]);
    if (c < 0) { classes.push(f[NI]); c = classes.length - 1; }
    x.push(row);
    y.push(c);
  }
  if (x.length !== 150 || classes.length !== NO) throw new Error(`${IRIS_CSV}: expected 150 rows of ${NO} classes`);
  return { x, y, classes };
}

const MASK64 = (1n << 64n) - 1n;
const rotl64 = (v, k) => ((v << BigInt(k)) | (v >> BigInt(64 - k))) & MASK64;

// xoshiro256** 1.0 (Blackman & Vigna), state filled by splitmix64 from the seed (as a 64-bit
// two's-complement value), i.e. the generator NetOrbit's split uses; re-implemented from the
// published algorithm, only for the split.
function xoshiro256ss(seed) {
  let sm = BigInt.asUintN(64, BigInt(seed));
  const splitmix = () => {
    sm = (sm + 0x9e3779b97f4a7c15n) & MASK64;
    let z = sm;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  };
  const s = [splitmix(), splitmix(), splitmix(), splitmix()];
  return () => {
    const result = (rotl64((s[1] * 5n) & MASK64, 7) * 9n) & MASK64;
    const t = (s[1] << 17n) & MASK64;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return result;
  };
}

/** Test-row flags of NetOrbit's seeded shuffle split (test_fraction 0.2). */
function seededSplit(rows, seed, testFraction = 0.2) {
  const next = xoshiro256ss(seed);
  const perm = Array.from({ length: rows }, (_, i) => i);
  // j uniform in [0, i]: the top b bits of one output, b = ceil(log2(i + 1)), redrawn while j > i
  // (unbiased rejection, as MathNet's RandomSource.Next(maxExclusive) does since version 5).
  const below = (n) => {
    let bits = 31 - Math.clz32(n); // floor(log2 n)
    if (2 ** bits !== n) bits++;
    for (;;) {
      const j = Number(next() >> BigInt(64 - bits));
      if (j < n) return j;
    }
  };
  for (let i = rows - 1; i > 0; i--) {
    const j = below(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const testRows = Math.min(rows - 1, Math.round(testFraction * rows)); // x.5 does not occur for 150 rows
  const isTest = new Array(rows).fill(false);
  for (let k = 0; k < testRows; k++) isTest[perm[k]] = true;
  return isTest;
}

/** Test-row flags from a `row,split` CSV (tests/NetOrbit.Tests/Data/reference/iris_split.csv). */
function splitFromFile(path, rows) {
  const lines = readFileSync(path, "utf8").split("\n").filter((l) => l.trim().length > 0);
  if (lines[0].trim() !== "row,split") throw new Error(`${path}: expected header row,split`);
  const isTest = new Array(rows).fill(null);
  for (const line of lines.slice(1)) {
    const [r, s] = line.trim().split(",");
    isTest[Number(r)] = s === "test";
  }
  if (isTest.some((v) => v === null)) throw new Error(`${path}: not every row is listed`);
  return isTest;
}

/** Training samples in ascending row order, flattened. */
function trainingSet(iris, isTest) {
  const rows = [];
  for (let r = 0; r < iris.x.length; r++) if (!isTest[r]) rows.push(r);
  const x = new Float64Array(rows.length * NI);
  const y = new Int32Array(rows.length);
  rows.forEach((r, n) => { x.set(iris.x[r], n * NI); y[n] = iris.y[r]; });
  return { x, y, n: rows.length, rows };
}

// ---------------------------------------------------------------------------------------------
// Initial weights: PCG32 (O'Neill 2014, PCG-XSH-RR 64/32, LCG multiplier 6364136223846793005,
// increment from stream 54 as in the reference pcg32 demo) -> 53-bit uniforms -> Box-Muller
// (both values of each pair used). W1 (row-major) then W2 (row-major) are filled in that order;
// biases are 0.

function pcg32(seed, stream = 54n) {
  let state = 0n;
  const inc = ((BigInt(stream) << 1n) | 1n) & MASK64;
  const next = () => {
    const old = state;
    state = (old * 6364136223846793005n + inc) & MASK64;
    const xorshifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const rot = Number(old >> 59n);
    return ((xorshifted >>> rot) | (xorshifted << ((32 - rot) & 31))) >>> 0;
  };
  next();
  state = (state + BigInt.asUintN(64, BigInt(seed))) & MASK64;
  next();
  return next;
}

function initialWeights(seed) {
  const next = pcg32(seed);
  const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992; // [0, 1), 53 bits
  const normals = [];
  const need = NI * NH + NH * NO;
  while (normals.length < need) {
    const u1 = 1 - uniform(); // (0, 1]
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    normals.push(r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2));
  }
  const w = new Float64Array(P);
  let k = 0;
  for (let i = 0; i < NI * NH; i++) w[OFF_W1 + i] = normals[k++];
  for (let i = 0; i < NH * NO; i++) w[OFF_W2 + i] = normals[k++];
  return w;
}

// ---------------------------------------------------------------------------------------------
// The network: forward pass, loss, accuracy and gradient at w.

/** Mean cross-entropy and accuracy at w; when grad is given, also fills it with dL/dw. */
function evaluate(w, data, grad) {
  const { x, y, n } = data;
  const s = new Float64Array(NH);
  const z = new Float64Array(NO);
  const dz = new Float64Array(NO);
  if (grad) grad.fill(0);
  let lossSum = 0;
  let correct = 0;
  for (let k = 0; k < n; k++) {
    const xk = k * NI;
    for (let h = 0; h < NH; h++) {
      let a = w[OFF_B1 + h];
      for (let i = 0; i < NI; i++) a += x[xk + i] * w[OFF_W1 + i * NH + h];
      s[h] = 1 / (1 + Math.exp(-a));
    }
    let best = 0;
    for (let o = 0; o < NO; o++) {
      let v = w[OFF_B2 + o];
      for (let h = 0; h < NH; h++) v += s[h] * w[OFF_W2 + h * NO + o];
      z[o] = v;
      if (v > z[best]) best = o; // first maximum wins
    }
    const label = y[k];
    if (best === label) correct++;
    // log-softmax with the maximum subtracted
    let m = z[0];
    for (let o = 1; o < NO; o++) if (z[o] > m) m = z[o];
    let sum = 0;
    for (let o = 0; o < NO; o++) sum += Math.exp(z[o] - m);
    const lse = m + Math.log(sum);
    lossSum += lse - z[label];
    if (!grad) continue;
    for (let o = 0; o < NO; o++) dz[o] = (Math.exp(z[o] - lse) - (o === label ? 1 : 0)) / n;
    for (let o = 0; o < NO; o++) grad[OFF_B2 + o] += dz[o];
    for (let h = 0; h < NH; h++) {
      let ds = 0;
      for (let o = 0; o < NO; o++) {
        grad[OFF_W2 + h * NO + o] += s[h] * dz[o];
        ds += w[OFF_W2 + h * NO + o] * dz[o];
      }
      const da = ds * s[h] * (1 - s[h]);
      grad[OFF_B1 + h] += da;
      for (let i = 0; i < NI; i++) grad[OFF_W1 + i * NH + h] += x[xk + i] * da;
    }
  }
  return { loss: lossSum / n, accuracy: correct / n };
}

const allFinite = (w) => w.every(Number.isFinite);

/**
 * Full-batch GD from w0 for up to `steps` steps. Returns the rows (step, loss, accuracy, weights)
 * for steps 0..steps, or up to and including the first row whose loss or weights are non-finite.
 */
function train(w0, data, eta, steps) {
  const rows = [];
  let w = Float64Array.from(w0);
  const g = new Float64Array(P);
  for (let t = 0; ; t++) {
    const last = t === steps;
    const { loss, accuracy } = evaluate(w, data, last ? null : g);
    rows.push({ step: t, loss, accuracy, weights: w });
    if (last || !Number.isFinite(loss) || !allFinite(w)) return rows;
    const next = new Float64Array(P);
    for (let p = 0; p < P; p++) next[p] = w[p] - eta * g[p];
    w = next;
  }
}

// ---------------------------------------------------------------------------------------------
// trajectories/1 writer

function etaLabel(eta) {
  return String(eta).replace("e+", "e");
}

function trajectoryTable(runId, rows, extraMetadata) {
  const n = rows.length;
  const item = new Field("item", new Float64(), false);
  const weightsType = new FixedSizeList(P, item);
  const fields = [
    new Field("run_id", new Utf8(), false),
    new Field("member", new Int32(), false),
    new Field("step", new Int64(), false),
    new Field("loss", new Float64(), false),
    new Field("accuracy", new Float64(), false),
    new Field("weights", weightsType, false),
    new Field("test_loss", new Float64(), true),
    new Field("test_accuracy", new Float64(), true),
  ];
  const metadata = new Map([
    ["netorbit.schema", "trajectories/1"],
    ["netorbit.param_layout", PARAM_LAYOUT],
    ...extraMetadata,
  ]);
  const schema = new Schema(fields, metadata);
  const values = new Float64Array(n * P);
  rows.forEach((r, i) => values.set(r.weights, i * P));
  const allNull = () => makeData({
    type: new Float64(), length: n, nullCount: n,
    nullBitmap: new Uint8Array(Math.ceil(n / 8)), data: new Float64Array(n),
  });
  const children = [
    vectorFromArray(rows.map(() => runId), new Utf8()).data[0],
    makeData({ type: new Int32(), length: n, nullCount: 0, data: new Int32Array(n) }),
    makeData({ type: new Int64(), length: n, nullCount: 0, data: BigInt64Array.from(rows, (r) => BigInt(r.step)) }),
    makeData({ type: new Float64(), length: n, nullCount: 0, data: Float64Array.from(rows, (r) => r.loss) }),
    makeData({ type: new Float64(), length: n, nullCount: 0, data: Float64Array.from(rows, (r) => r.accuracy) }),
    makeData({
      type: weightsType, length: n, nullCount: 0,
      child: makeData({ type: new Float64(), length: n * P, nullCount: 0, data: values }),
    }),
    allNull(),
    allNull(),
  ];
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
  return new Table(schema, [batch]);
}

function writeAtomic(path, bytes) {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// --check-reference

function checkReference(tolerance) {
  const iris = readIris();
  const data = trainingSet(iris, splitFromFile(join(REF_DIR, "iris_split.csv"), iris.x.length));
  const text = gunzipSync(readFileSync(join(REF_DIR, "iris_gd_reference.csv.gz"))).toString("utf8");
  const lines = text.split("\n").filter((l) => l.length > 0);
  const header = lines[0].split(",");
  const col = (name) => header.indexOf(name);
  const [cCase, cEta, cStep, cLoss, cAcc, cW0] = ["case", "eta", "step", "loss", "accuracy", "w0"].map(col);
  const runs = new Map();
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    const key = `${f[cCase]}|${Number(f[cEta])}`;
    if (!runs.has(key)) runs.set(key, { ic: Number(f[cCase]), eta: Number(f[cEta]), rows: [] });
    runs.get(key).rows.push({
      step: Number(f[cStep]), loss: Number(f[cLoss]), accuracy: Number(f[cAcc]),
      weights: Float64Array.from(f.slice(cW0, cW0 + P), Number),
    });
  }
  const rel = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
  // eta = 0.01: every step; eta = 1 and 5: the first 20 steps must match (after that the positive
  // exponent amplifies two implementations' float64 rounding, as NetOrbit's own tests allow).
  const checkedSteps = (eta) => (eta < 0.5 ? Infinity : 20);
  let failed = false;
  let worstChecked = 0;
  console.log(`reference: ${runs.size} trajectories; tolerance ${tolerance} relative (loss and every weight), accuracy exact`);
  console.log("case  eta   steps  checked  max rel dev (checked)  max abs dev (checked)  accuracy mismatches  max rel dev (all steps)  first step > tol");
  for (const { ic, eta, rows } of runs.values()) {
    rows.sort((a, b) => a.step - b.step);
    const steps = rows[rows.length - 1].step;
    const mine = train(rows[0].weights, data, eta, steps);
    let relChecked = 0, absChecked = 0, relAll = 0, accMismatch = 0, firstOver = -1;
    for (const r of rows) {
      const m = mine[r.step];
      let dr = rel(m.loss, r.loss);
      let da = Math.abs(m.loss - r.loss);
      for (let p = 0; p < P; p++) {
        dr = Math.max(dr, rel(m.weights[p], r.weights[p]));
        da = Math.max(da, Math.abs(m.weights[p] - r.weights[p]));
      }
      relAll = Math.max(relAll, dr);
      if (dr > tolerance && firstOver < 0) firstOver = r.step;
      if (r.step <= checkedSteps(eta)) {
        relChecked = Math.max(relChecked, dr);
        absChecked = Math.max(absChecked, da);
        if (m.accuracy !== r.accuracy) accMismatch++;
      }
    }
    const checked = Math.min(steps, checkedSteps(eta));
    const ok = relChecked <= tolerance && accMismatch === 0;
    failed ||= !ok;
    worstChecked = Math.max(worstChecked, relChecked);
    console.log(
      `${String(ic).padEnd(5)} ${String(eta).padEnd(5)} ${String(steps).padEnd(6)} 0..${String(checked).padEnd(5)}` +
      ` ${relChecked.toExponential(3).padEnd(22)} ${absChecked.toExponential(3).padEnd(22)} ${String(accMismatch).padEnd(20)}` +
      ` ${relAll.toExponential(3).padEnd(24)} ${firstOver < 0 ? "none" : firstOver}${ok ? "" : "  FAIL"}`,
    );
  }
  console.log(`${failed ? "FAIL" : "ok"}: max relative deviation over the checked steps ${worstChecked.toExponential(3)} (tolerance ${tolerance})`);
  return failed ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const opts = { out: null, seed: DEFAULT_SEED, steps: DEFAULT_STEPS, splitSeed: 0, checkReference: false, tolerance: 1e-10 };
  const int = (name, v) => {
    const x = Number(v);
    if (!Number.isSafeInteger(x)) usage(`${name} needs an integer, got '${v}'`);
    return x;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === "--out") opts.out = value();
    else if (a === "--seed") opts.seed = int(a, value());
    else if (a === "--steps") opts.steps = int(a, value());
    else if (a === "--split-seed") opts.splitSeed = int(a, value());
    else if (a === "--check-reference") opts.checkReference = true;
    else if (a === "--tolerance") opts.tolerance = Number(value());
    else if (a === "-h" || a === "--help") usage(null);
    else usage(`unknown argument '${a}'`);
  }
  if (opts.steps < 0) usage("--steps must be >= 0");
  if (opts.splitSeed < -(2 ** 31) || opts.splitSeed >= 2 ** 31) usage("--split-seed must be a 32-bit integer");
  if (!opts.checkReference && !opts.out) usage("--out DIR is required");
  if (!(opts.tolerance > 0)) usage("--tolerance must be positive");
  return opts;
}

function usage(message) {
  const text =
    "usage: node tests/interop/iris_reference.mjs --out DIR [--seed S] [--steps N] [--split-seed K]\n" +
    "       node tests/interop/iris_reference.mjs --check-reference [--tolerance T]\n" +
    `defaults: --seed ${DEFAULT_SEED} --steps ${DEFAULT_STEPS} --split-seed 0 --tolerance 1e-10; etas ${ETAS.map(etaLabel).join(", ")}`;
  if (message) { console.error(`${message}\n${text}`); process.exit(2); }
  console.log(text);
  process.exit(0);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.checkReference) process.exit(checkReference(opts.tolerance));
  const iris = readIris();
  const isTest = seededSplit(iris.x.length, opts.splitSeed);
  const data = trainingSet(iris, isTest);
  const testRows = isTest.flatMap((t, r) => (t ? [r] : []));
  const w0 = initialWeights(opts.seed);
  mkdirSync(opts.out, { recursive: true });
  for (const eta of ETAS) {
    const rows = train(w0, data, eta, opts.steps);
    const label = etaLabel(eta);
    const runId = `ref-eta${label}`;
    const table = trajectoryTable(runId, rows, [
      ["netorbit_reference.generator", "tests/interop/iris_reference.mjs (independent float64 JavaScript implementation, not NetOrbit)"],
      ["netorbit_reference.eta", String(eta)],
      ["netorbit_reference.init", `pcg32 seed ${opts.seed} stream 54, Box-Muller, W ~ N(0,1), b = 0`],
      ["netorbit_reference.split", `iris split_seed ${opts.splitSeed} test_fraction 0.2; test rows ${testRows.join(" ")}`],
      ["netorbit_reference.steps", String(opts.steps)],
    ]);
    const path = join(opts.out, `iris_eta${label}.arrow`);
    writeAtomic(path, tableToIPC(table, "file"));
    const end = rows[rows.length - 1];
    console.log(`${path}: ${runId}, steps 0..${end.step} (${rows.length} rows), loss ${rows[0].loss} -> ${end.loss}, accuracy ${rows[0].accuracy} -> ${end.accuracy}`);
  }
}

export { readIris, seededSplit, splitFromFile, trainingSet, initialWeights, evaluate, train, trajectoryTable, ETAS };

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
