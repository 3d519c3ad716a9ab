import { tableFromIPC } from 'apache-arrow';
import { readFileSync } from 'fs';
const t = tableFromIPC(readFileSync(process.argv[2]));
const run=t.getChild('run_id'), mem=t.getChild('member'), st=t.getChild('step'), d=t.getChild('distance');
// per eps: count members whose distance is 0 at step 0, and 0 at the last step, and first step at which becomes 0 after nonzero
const stats = {};
const state = new Map();
for (let i=0;i<t.numRows;i++){
  const r=run.get(i); const eps=r.split('_eps')[1]; const key=r+'/'+mem.get(i);
  const dv=d.get(i), s=Number(st.get(i));
  let e=state.get(key); if(!e){e={eps, z0: dv===0, everNZ:false, zeroAfterNZ:null, last:0}; state.set(key,e);}
  if(dv!==0) e.everNZ=true; else if(e.everNZ && e.zeroAfterNZ===null) e.zeroAfterNZ=s;
  e.last=dv;
}
for (const e of state.values()){ const s=stats[e.eps]??={n:0,z0:0,zeroLater:0,zeroEnd:0, stepsSaved:0}; s.n++; if(e.z0&&!e.everNZ) s.z0++; if(e.zeroAfterNZ!==null){s.zeroLater++; s.stepsSaved+=5000-e.zeroAfterNZ;} if(e.last===0)s.zeroEnd++;}
console.log(stats);
