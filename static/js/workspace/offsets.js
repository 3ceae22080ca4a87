// The article text and its offsets.
//
// Offsets on the server are Unicode code points (Python string indices); JavaScript strings
// count UTF-16 units. TextIndex keeps both maps, so an emoji or any other astral character
// counts as one. It also cuts the text into blocks (paragraphs, capped in length), which is
// what the page draws and redraws, and knows the words a selection snaps to.

const WORD = /[\p{L}\p{N}\p{M}]/u;
const WORDS = /[\p{L}\p{N}\p{M}]+/gu;
const PARAGRAPH_BREAK = /\n\s*\n/g;
export const MAX_BLOCK = 1500;

// How many code points `text` holds; a lone surrogate counts as one.
export function countCodePoints(text) {
  let n = 0;
  for (let u = 0; u < text.length; u += 1) {
    const code = text.charCodeAt(u);
    if (code >= 0xd800 && code <= 0xdbff && u + 1 < text.length) u += 1;
    n += 1;
  }
  return n;
}

// The last index in the sorted `starts` whose value is at most `offset` (0 if none is).
function lastAtOrBefore(count, startOf, offset) {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (startOf(mid) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class TextIndex {
  #words = null;

  constructor(body, { maxBlock = MAX_BLOCK } = {}) {
    this.body = body;
    const cpToU16 = [];
    const u16ToCp = new Uint32Array(body.length + 1);
    let cp = 0;
    for (let u = 0; u < body.length; ) {
      cpToU16.push(u);
      const width = body.codePointAt(u) > 0xffff ? 2 : 1;
      u16ToCp[u] = cp;
      if (width === 2) u16ToCp[u + 1] = cp + 1;
      u += width;
      cp += 1;
    }
    cpToU16.push(body.length);
    u16ToCp[body.length] = cp;
    this.cpToU16 = Uint32Array.from(cpToU16);
    this.u16ToCp = u16ToCp;
    this.length = cp; // in code points
    this.maxBlock = maxBlock;
    this.paragraphs = []; // [first block, last block] of each paragraph
    this.blocks = this.#cutBlocks(); // [start, end) of each block, in code points
  }

  // The UTF-16 index of code point `cp`, and back. The second half of a surrogate pair
  // maps to the code point after the pair's character, like a position after it.
  toUtf16(cp) {
    return this.cpToU16[cp];
  }

  toCodePoint(u16) {
    return this.u16ToCp[u16];
  }

  slice(start, end) {
    return this.body.slice(this.cpToU16[start], this.cpToU16[end]);
  }

  charAt(cp) {
    return this.slice(cp, cp + 1);
  }

  #cutBlocks() {
    // A block ends after a paragraph break, or at a space once it has grown too long.
    const blocks = [];
    let start = 0;
    const push = (end) => {
      const first = blocks.length;
      while (end - start > this.maxBlock) {
        let cut = start + this.maxBlock;
        while (cut < end && !/\s/.test(this.charAt(cut))) cut += 1;
        if (cut >= end) break;
        blocks.push([start, cut + 1]);
        start = cut + 1;
      }
      if (end > start) blocks.push([start, end]);
      if (blocks.length > first) this.paragraphs.push([first, blocks.length - 1]);
      start = end;
    };
    for (const match of this.body.matchAll(PARAGRAPH_BREAK)) {
      push(this.u16ToCp[match.index + match[0].length]);
    }
    push(this.length);
    return blocks;
  }

  blockAt(offset) {
    return lastAtOrBefore(this.blocks.length, (i) => this.blocks[i][0], offset);
  }

  blocksTouching(start, end) {
    const first = this.blockAt(start);
    const last = this.blockAt(Math.max(start, end - 1));
    const out = [];
    for (let i = first; i <= last; i += 1) out.push(i);
    return out;
  }

  isWord(cp) {
    return cp >= 0 && cp < this.length && WORD.test(this.charAt(cp));
  }

  // Grow a selection to whole words, then drop spaces and punctuation at its edges.
  snap(start, end) {
    if (end < start) [start, end] = [end, start];
    while (start > 0 && this.isWord(start - 1) && this.isWord(start)) start -= 1;
    while (end < this.length && this.isWord(end - 1) && this.isWord(end)) end += 1;
    while (start < end && !this.isWord(start)) start += 1;
    while (end > start && !this.isWord(end - 1)) end -= 1;
    return end > start ? [start, end] : null;
  }

  // [start, end) of every word, in code points.
  words() {
    if (!this.#words) {
      this.#words = [];
      for (const match of this.body.matchAll(WORDS)) {
        this.#words.push([this.u16ToCp[match.index], this.u16ToCp[match.index + match[0].length]]);
      }
    }
    return this.#words;
  }

  // The word at `offset`, or the last one before it.
  wordIndexAt(offset) {
    const words = this.words();
    return lastAtOrBefore(words.length, (i) => words[i][0], offset);
  }
}
