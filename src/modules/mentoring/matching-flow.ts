/**
 * The assignment solver behind whole-cohort matching: a maximum-gain b-matching of mentees to
 * mentors with capacity, solved exactly as a minimum-cost flow by successive shortest paths
 * (Dijkstra on reduced costs, with node potentials). Pure arithmetic on typed arrays, no strings.
 *
 * The network: each mentee has one unit to place; it flows along a candidate edge to a mentor
 * (gain = that pair's score), or along a "stays unmatched" edge of gain 0 straight to the sink, so
 * every mentee can always be placed and leaving her out is a choice the optimum may make. A mentor
 * reaches the sink through one edge per free place (slot); slot l carries the capacity rule's gain for
 * a mentor's (l+1)-th mentee. Slot gains fall as l grows (a concave gain), so the cheapest slot is
 * always the next free one and slots need not be modelled as separate edges.
 *
 * Mentees are added one at a time (as in the Hungarian method's row-by-row form): before mentee u is
 * added the flow is optimal for the mentees already placed; a shortest path from u to the sink in the
 * residual network keeps it optimal. Dijkstra stops when it settles the sink; potentials of nodes
 * settled at a distance below the sink's grow by that distance and every other node's by the sink's,
 * which keeps every residual edge's reduced cost non-negative. Those final potentials are dual
 * prices: the caller uses them to prove that edges it left out of the graph could not improve it.
 *
 * All gains are integers (held in float64, exact below 2^53), so there is no rounding drift and ties
 * resolve the same way on every run: mentees are added in index order, edges scanned in index order.
 */

export interface FlowInput {
  /** Mentees 0..n-1 and mentors 0..m-1. */
  n: number;
  m: number;
  /** Mentee u's candidate edges are start[u]..start[u+1]-1: the mentor and the gain of the pair. */
  start: Int32Array;
  mentor: Int32Array;
  gain: Float64Array;
  /** A mentor's total places, and how many of them fixed pairs already fill (never given back). */
  cap: Int32Array;
  load0: Int32Array;
  /** Mentor j's slot l (0-based over all its places) has gain slotGain[slotStart[j] + l]; non-increasing in l. */
  slotStart: Int32Array;
  slotGain: Float64Array;
}

export interface FlowOutput {
  /** The mentor each mentee got, or -1 if she stays unmatched. */
  matchedTo: Int32Array;
  /** Dual prices: mentees 0..n-1, mentors n..n+m-1, the sink n+m. */
  potential: Float64Array;
}

/**
 * A binary min-heap of (key, node) with lazy deletion (stale entries are skipped). Equal keys pop the
 * highest node first: the sink is the highest node, so when many paths tie (mentees and mentors
 * alike) the search stops as soon as the sink is as near as anything else, instead of exploring every
 * tied node first.
 */
class Heap {
  private keys = new Float64Array(1024);
  private nodes = new Int32Array(1024);
  size = 0;
  clear() {
    this.size = 0;
  }
  private less(a: number, b: number) {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && this.nodes[a]! > this.nodes[b]!);
  }
  private swap(a: number, b: number) {
    const k = this.keys[a]!;
    this.keys[a] = this.keys[b]!;
    this.keys[b] = k;
    const v = this.nodes[a]!;
    this.nodes[a] = this.nodes[b]!;
    this.nodes[b] = v;
  }
  push(key: number, node: number) {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    let i = this.size++;
    this.keys[i] = key;
    this.nodes[i] = node;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** Removes the smallest entry; read topKey/topNode before calling. */
  pop() {
    this.size--;
    if (this.size === 0) return;
    this.keys[0] = this.keys[this.size]!;
    this.nodes[0] = this.nodes[this.size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.less(r, l) ? r : l;
      if (!this.less(c, i)) break;
      this.swap(c, i);
      i = c;
    }
  }
  get topKey() {
    return this.keys[0]!;
  }
  get topNode() {
    return this.nodes[0]!;
  }
}

/** The maximum total gain placement of every mentee (a mentor, or unmatched). */
export function solveAssignment(p: FlowInput): FlowOutput {
  const { n, m, start, mentor, gain, cap, slotStart, slotGain } = p;
  const T = n + m;
  const V = T + 1;
  const pi = new Float64Array(V);
  const load = Int32Array.from(p.load0);
  const assigned: number[][] = Array.from({ length: m }, () => []);
  const matchedTo = new Int32Array(n).fill(-2); // -2: not added yet; -1: unmatched
  const gainOf = new Float64Array(n);
  // Costs are negated gains. A mentor's potential starts at its next slot's gain, so its slot edge
  // has reduced cost 0; the sink starts at 0.
  for (let j = 0; j < m; j++) pi[n + j] = load[j]! < cap[j]! ? slotGain[slotStart[j]! + load[j]!]! : 0;

  const dist = new Float64Array(V).fill(Number.POSITIVE_INFINITY);
  const prev = new Int32Array(V);
  const prevEdge = new Int32Array(V);
  const touched: number[] = [];
  const heap = new Heap();
  const relax = (node: number, d: number, from: number, edge: number) => {
    if (d < dist[node]!) {
      if (dist[node] === Number.POSITIVE_INFINITY) touched.push(node);
      dist[node] = d;
      prev[node] = from;
      prevEdge[node] = edge;
      heap.push(d, node);
    }
  };

  for (let u = 0; u < n; u++) {
    // A new node's potential: high enough that each of its edges has a non-negative reduced cost.
    let best = pi[T]!;
    for (let e = start[u]!; e < start[u + 1]!; e++) {
      const v = pi[n + mentor[e]!]! + gain[e]!;
      if (v > best) best = v;
    }
    pi[u] = best;

    heap.clear();
    relax(u, 0, -1, -1);
    let D = Number.POSITIVE_INFINITY;
    while (heap.size) {
      const d = heap.topKey;
      const x = heap.topNode;
      heap.pop();
      if (d > dist[x]!) continue;
      if (x === T) {
        D = d;
        break;
      }
      if (x < n) {
        const current = matchedTo[x]!;
        for (let e = start[x]!; e < start[x + 1]!; e++) {
          const j = mentor[e]!;
          if (j === current) continue;
          relax(n + j, d - gain[e]! + pi[x]! - pi[n + j]!, x, e);
        }
        if (current !== -1) relax(T, d + pi[x]! - pi[T]!, x, -1); // leave her unmatched
      } else {
        const j = x - n;
        if (load[j]! < cap[j]!) relax(T, d - slotGain[slotStart[j]! + load[j]!]! + pi[x]! - pi[T]!, x, -1);
        for (const y of assigned[j]!) relax(y, d + gainOf[y]! + pi[x]! - pi[y]!, x, -1);
      }
    }

    // Potentials: nodes settled below D move by their distance, every other node by D.
    for (let v = 0; v < V; v++) {
      const dv = dist[v]!;
      pi[v] = pi[v]! + (dv < D ? dv : D);
    }

    // Augment along the path, walking back from the sink.
    const x = prev[T]!;
    let jNode: number;
    if (x < n) {
      // The path ends by leaving mentee x unmatched (perhaps u herself).
      const old = matchedTo[x]!;
      if (old >= 0) removeFrom(assigned[old]!, x);
      matchedTo[x] = -1;
      gainOf[x] = 0;
      jNode = x === u ? -1 : prev[x]!;
    } else {
      load[x - n]!++;
      jNode = x;
    }
    while (jNode >= 0) {
      const j = jNode - n;
      const y = prev[jNode]!;
      const old = matchedTo[y]!;
      if (old >= 0) removeFrom(assigned[old]!, y);
      assigned[j]!.push(y);
      matchedTo[y] = j;
      gainOf[y] = gain[prevEdge[jNode]!]!;
      if (y === u) break;
      jNode = prev[y]!;
    }

    for (const v of touched) dist[v] = Number.POSITIVE_INFINITY;
    touched.length = 0;
  }
  return { matchedTo, potential: pi };
}

function removeFrom(list: number[], value: number) {
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
}
