/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time and total (inclusive) time per function,
 * heaviest first. `npx tsx bench/profile-summary.ts FILE.cpuprofile [--top 30] [--filter src/]`
 *
 * To profile `check` on a generated repository:
 *   node --cpu-prof --cpu-prof-dir=.bench/profiles lib/cli.js check --repo .bench/<key>/repo \
 *     --base main --head pull-request --format json > /dev/null
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost {
  name: string;
  selfMs: number;
  totalMs: number;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, "").replace(/^.*?\/(src|lib|node_modules)\//, "$1/");
  return `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
}

export function summarise(profile: Profile): FunctionCost[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    // Inclusive time: every distinct function on the stack gets the sample once (recursion counted once).
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + us);
    }
  }
  return [...total.keys()]
    .map((name) => ({ name, selfMs: (self.get(name) ?? 0) / 1000, totalMs: total.get(name)! / 1000 }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: "string", default: "30" }, filter: { type: "string" }, by: { type: "string", default: "self" } },
  });
  const profile = JSON.parse(readFileSync(positionals[0]!, "utf8")) as Profile;
  let costs = summarise(profile);
  if (values.filter) costs = costs.filter((c) => c.name.includes(values.filter!));
  if (values.by === "total") costs.sort((a, b) => b.totalMs - a.totalMs);
  const top = Number(values.top);
  console.log("   self ms   total ms  function");
  for (const c of costs.slice(0, top)) console.log(`${c.selfMs.toFixed(0).padStart(10)} ${c.totalMs.toFixed(0).padStart(10)}  ${c.name}`);
}
