// The article text in the workspace: code-point offsets, blocks, word snapping, drawing.
//
// Offsets on the server are Unicode code points; JavaScript strings count UTF-16 units.
// TextIndex keeps both maps, so an emoji or any astral character counts as one.
// The text is drawn as blocks (paragraphs, capped in length); an action redraws only the
// blocks its spans touch, so its cost does not grow with the article. Each paragraph is a
// block-level box of its own, so the browser lays out again only the paragraph that
// changed rather than every line of one long run of inline text.

const WORD = /[\p{L}\p{N}\p{M}]/u;
const MAX_BLOCK = 1500;

export class TextIndex {
  constructor(body) {
    this.body = body;
    const cpToU16 = [];
    const u16ToCp = new Uint32Array(body.length + 1);
    let cp = 0;
    for (let u = 0; u < body.length; ) {
      cpToU16.push(u);
      const code = body.codePointAt(u);
      const width = code > 0xffff ? 2 : 1;
      u16ToCp[u] = cp;
      if (width === 2) u16ToCp[u + 1] = cp + 1;
      u += width;
      cp += 1;
    }
    cpToU16.push(body.length);
    u16ToCp[body.length] = cp;
    this.cpToU16 = Uint32Array.from(cpToU16);
    this.u16ToCp = u16ToCp;
    this.length = cp;
    this.paragraphs = []; // [first block, last block] of each paragraph
    this.blocks = this.#cutBlocks();
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
    const breaks = /\n\s*\n/g;
    let start = 0;
    const push = (end) => {
      const first = blocks.length;
      while (end - start > MAX_BLOCK) {
        let cut = start + MAX_BLOCK;
        while (cut < end && !/\s/.test(this.charAt(cut))) cut += 1;
        if (cut >= end) break;
        blocks.push([start, cut + 1]);
        start = cut + 1;
      }
      if (end > start) blocks.push([start, end]);
      if (blocks.length > first) this.paragraphs.push([first, blocks.length - 1]);
      start = end;
    };
    for (const match of this.body.matchAll(breaks)) {
      push(this.u16ToCp[match.index + match[0].length]);
    }
    push(this.length);
    return blocks;
  }

  blockAt(offset) {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.blocks[mid][0] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
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

  words() {
    if (!this._words) {
      this._words = [];
      for (const match of this.body.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
        this._words.push([
          this.u16ToCp[match.index],
          this.u16ToCp[match.index + match[0].length],
        ]);
      }
    }
    return this._words;
  }

  wordIndexAt(offset) {
    const words = this.words();
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (words[mid][0] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

// The code-point offset of a DOM position inside the drawn text.
export function offsetOf(root, node, offset) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  let block = element.closest("[data-block-start]");
  if (!block || !root.contains(block)) {
    if (node === root) {
      const blocks = root.children; // the paragraphs, which carry their span too
      if (offset >= blocks.length) return Number(blocks[blocks.length - 1]?.dataset.blockEnd ?? 0);
      return Number(blocks[offset].dataset.blockStart);
    }
    return null;
  }
  if (node === block || node.nodeType === Node.ELEMENT_NODE) {
    // A position between child nodes: count the text before that child.
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(node, offset);
    return Number(block.dataset.blockStart) + countCodePoints(range.toString());
  }
  let count = 0;
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text === node) return Number(block.dataset.blockStart) + count + countCodePoints(text.data.slice(0, offset));
    count += countCodePoints(text.data);
  }
  return null;
}

export function countCodePoints(text) {
  let n = 0;
  for (let u = 0; u < text.length; u += 1) {
    const code = text.charCodeAt(u);
    if (code >= 0xd800 && code <= 0xdbff && u + 1 < text.length) u += 1;
    n += 1;
  }
  return n;
}

function domPoint(root, index, offset) {
  const blockNo = index.blockAt(offset);
  const block = root.querySelector(`[data-block="${blockNo}"]`);
  let remaining = index.cpToU16[offset] - index.cpToU16[index.blocks[blockNo][0]];
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (remaining <= text.data.length) return [text, remaining];
    remaining -= text.data.length;
    last = text;
  }
  return last ? [last, last.data.length] : [block, 0];
}

// A DOM range over the code points [start, end) of the drawn text.
export function rangeOf(root, index, start, end) {
  const range = document.createRange();
  range.setStart(...domPoint(root, index, start));
  range.setEnd(...domPoint(root, index, end));
  return range;
}

function innermost(items, start, end) {
  let best = null;
  for (const item of items) {
    if (item.start <= start && end <= item.end && (!best || item.end - item.start < best.end - best.start)) {
      best = item;
    }
  }
  return best;
}

function covers(spans, start, end) {
  return spans.some(([s, e]) => s <= start && end <= e);
}

// Draw one block. `view` gives the annotations touching it and what is currently selected.
export function drawBlock(index, blockNo, view) {
  const [blockStart, blockEnd] = index.blocks[blockNo];
  const element = document.createElement("span");
  element.className = "blk";
  element.dataset.block = String(blockNo);
  element.dataset.blockStart = String(blockStart);
  element.dataset.blockEnd = String(blockEnd);
  const inside = (item) => item.start < blockEnd && item.end > blockStart;
  const mentions = view.mentions.filter(inside);
  const quotes = view.quotes.filter(inside);
  const cues = [];
  const speakers = [];
  for (const quote of view.allQuotes) {
    if (quote.cue && quote.cue[0] < blockEnd && quote.cue[1] > blockStart) cues.push([...quote.cue, quote.id]);
    if (quote.speaker && quote.speaker[0] < blockEnd && quote.speaker[1] > blockStart) speakers.push([...quote.speaker, quote.id]);
  }
  const cuts = new Set([blockStart, blockEnd]);
  for (const item of [...mentions, ...quotes]) {
    cuts.add(Math.max(blockStart, Math.min(blockEnd, item.start)));
    cuts.add(Math.max(blockStart, Math.min(blockEnd, item.end)));
  }
  for (const [s, e] of [...cues, ...speakers]) {
    cuts.add(Math.max(blockStart, Math.min(blockEnd, s)));
    cuts.add(Math.max(blockStart, Math.min(blockEnd, e)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  let quoteElement = null;
  let openQuote = null;
  let run = null;
  const flush = () => {
    if (!run) return;
    const text = index.slice(run.start, run.end);
    let node;
    if (run.mention) {
      node = document.createElement("mark");
      const m = run.mention;
      node.className = `ent ent-${m.label} is-${m.status}`;
      node.dataset.mention = String(m.id);
      node.dataset.entity = String(m.entity ?? "");
      node.dataset.label = m.label;
      if (view.current === `m${m.id}`) node.classList.add("is-current");
      if (view.focusEntity && m.entity === view.focusEntity) node.classList.add("is-focus");
      node.textContent = text;
    } else if (run.cue || run.speaker) {
      node = document.createElement("span");
      node.textContent = text;
    } else {
      node = document.createTextNode(text);
    }
    if (run.cue) node.classList.add("cue", ...(run.cue === view.currentQuote ? ["is-linked"] : []));
    if (run.speaker) node.classList.add("speaker", ...(run.speaker === view.currentQuote ? ["is-linked"] : []));
    (quoteElement ?? element).append(node);
    run = null;
  };
  for (let i = 0; i + 1 < points.length; i += 1) {
    const start = points[i];
    const end = points[i + 1];
    const quote = innermost(quotes, start, end);
    if (quote !== openQuote) {
      flush();
      openQuote = quote;
      if (quote) {
        quoteElement = document.createElement("span");
        quoteElement.className = `quote quote-${quote.kind} is-${quote.status}`;
        if (view.current === `q${quote.id}`) quoteElement.classList.add("is-current");
        quoteElement.dataset.quote = String(quote.id);
        element.append(quoteElement);
      } else {
        quoteElement = null;
      }
    }
    const mention = innermost(mentions, start, end);
    const cue = cues.find(([s, e]) => s <= start && end <= e)?.[2] ?? null;
    const speaker = speakers.find(([s, e]) => s <= start && end <= e)?.[2] ?? null;
    if (run && run.mention === mention && run.cue === cue && run.speaker === speaker) {
      run.end = end;
    } else {
      flush();
      run = { start, end, mention, cue, speaker };
    }
  }
  flush();
  return element;
}

export { covers };
