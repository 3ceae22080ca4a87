// Annotations kept in text order as they come and go, so that the next one after any
// place is found by halving rather than by walking them all.

import { compareRefs } from "./ids.js";

// By start, the longer first, then by ref.
export function textOrder(a, b) {
  return a.start - b.start || b.end - a.end || compareRefs(a.ref, b.ref);
}

// Entries {ref, start, end}, sorted.
export class TextOrder {
  constructor() {
    this.entries = [];
  }

  load(entries) {
    this.entries = entries.sort(textOrder);
  }

  // Where `entry` is, or would go.
  position(entry) {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (textOrder(this.entries[mid], entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(entry) {
    this.entries.splice(this.position(entry), 0, entry);
  }

  remove(entry) {
    const at = this.position(entry);
    if (this.entries[at]?.ref === entry.ref) this.entries.splice(at, 1);
  }

  // The entry after (step 1) or before (step -1) `entry`, which need not be listed itself.
  beside(entry, step) {
    const at = this.position(entry);
    if (step < 0) return this.entries[at - 1] ?? null;
    return this.entries[this.entries[at]?.ref === entry.ref ? at + 1 : at] ?? null;
  }

  // The entries that cover exactly [start, end), in order.
  *exactly(start, end) {
    // A ref no real one sorts before, so the search lands on the first entry at the span.
    const first = { ref: { kind: "", id: -Infinity }, start, end };
    for (let i = this.position(first); i < this.entries.length; i += 1) {
      const entry = this.entries[i];
      if (entry.start !== start || entry.end !== end) return;
      yield entry;
    }
  }

  get first() {
    return this.entries[0] ?? null;
  }

  get size() {
    return this.entries.length;
  }
}
