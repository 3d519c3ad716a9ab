// What the interop scripts share: every .arrow file under a run directory, depth first, in name order.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export function* arrowFiles(d) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) yield* arrowFiles(p);
    else if (name.endsWith(".arrow")) yield p;
  }
}
