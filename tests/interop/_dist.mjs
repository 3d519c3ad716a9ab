import { tableFromIPC } from 'apache-arrow';
import { readFileSync } from 'fs';
const t = tableFromIPC(readFileSync(process.argv[2]));
console.log(t.schema.fields.map(f=>f.name+':'+f.type).join(', '), t.numRows);
const cols = t.schema.fields.map(f=>f.name);
for (let i=0;i<5;i++) console.log(JSON.stringify(cols.map(c=>String(t.getChild(c).get(i)))));
