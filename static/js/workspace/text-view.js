// The article text, drawn with its annotations. It redraws, when the store changes, only
// the blocks that the changed items and the moved selection touch, so an action's cost
// does not grow with the article. Each paragraph is a block-level box of its own, so the
// browser lays out again only the paragraph that changed.

import { mentionRef, quoteRef } from "./ids.js";
import { spansOf } from "./store.js";
import { drawBlock, selectedOffsets, selectOffsets } from "./text-draw.js";

export class TextView {
  #blockElements = []; // block number → its element in the text
  #inBlock; // block number → refs of the mentions and quotes drawn in it

  constructor({ root, index, store }) {
    this.root = root;
    this.index = index;
    this.store = store;
    this.#inBlock = index.blocks.map(() => new Set());
    store.subscribe((change) => this.render(change));
  }

  #file(itemRef, item, add) {
    for (const [s, e] of spansOf(item)) {
      for (const b of this.index.blocksTouching(s, e)) {
        if (add) this.#inBlock[b].add(itemRef);
        else this.#inBlock[b].delete(itemRef);
      }
    }
  }

  render(change) {
    // A redrawn block is new DOM, so a selection inside it would vanish: an answer to an
    // earlier action arriving while the annotator selects words must not take them away.
    const kept = this.#selectedWords();
    const spans = [];
    if (change.reset) {
      this.#refile();
      this.#drawAll();
    } else {
      for (const { ref: itemRef, before, after } of [...change.mentions, ...change.quotes]) {
        if (before) this.#file(itemRef, before, false);
        if (after) this.#file(itemRef, after, true);
        spans.push(...spansOf(before), ...spansOf(after));
      }
    }
    const selection = change.selection;
    if (selection) {
      for (const itemRef of [selection.before, selection.after]) {
        if (!itemRef) continue;
        // Entity focus marks all its mentions: redraw the blocks holding them.
        if (itemRef.isEntity) spans.push(...this.store.mentionsOf(itemRef.id).map((m) => [m.start, m.end]));
        else spans.push(...spansOf(this.store.item(itemRef)));
      }
    }
    if (!change.reset) this.#redraw(spans);
    if (kept) this.#reselect(kept);
    if (selection?.scroll && selection.after?.inText) this.#scrollTo(selection.after);
  }

  // The words selected in the text, as code points [start, end), or null.
  #selectedWords() {
    const offsets = selectedOffsets(this.root);
    return offsets && offsets[0] < offsets[1] ? offsets : null;
  }

  #reselect([start, end]) {
    const now = this.#selectedWords();
    if (now && now[0] === start && now[1] === end) return;
    selectOffsets(this.root, this.index, [start, end]);
  }

  #refile() {
    for (const refs of this.#inBlock) refs.clear();
    for (const m of this.store.mentions.values()) this.#file(mentionRef(m.id), m, true);
    for (const q of this.store.quotes.values()) this.#file(quoteRef(q.id), q, true);
  }

  #blockView(blockNo) {
    const mentions = [];
    const quotes = [];
    for (const itemRef of this.#inBlock[blockNo]) {
      const item = this.store.item(itemRef);
      if (item) (itemRef.isMention ? mentions : quotes).push(item);
    }
    const selection = this.store.selection;
    return { mentions, quotes, selection, focusEntity: selection?.isEntity ? selection.id : null };
  }

  #drawAll() {
    const { index } = this;
    const fragment = document.createDocumentFragment();
    this.#blockElements = [];
    for (const [first, last] of index.paragraphs) {
      const paragraph = document.createElement("div");
      paragraph.className = "ws-para";
      paragraph.dataset.blockStart = String(index.blocks[first][0]);
      paragraph.dataset.blockEnd = String(index.blocks[last][1]);
      for (let b = first; b <= last; b += 1) {
        this.#blockElements[b] = drawBlock(index, b, this.#blockView(b));
        paragraph.append(this.#blockElements[b]);
      }
      fragment.append(paragraph);
    }
    this.root.replaceChildren(fragment);
  }

  #redraw(spans) {
    const blocks = new Set();
    for (const [s, e] of spans) for (const b of this.index.blocksTouching(s, e)) blocks.add(b);
    for (const b of blocks) {
      const fresh = drawBlock(this.index, b, this.#blockView(b));
      this.#blockElements[b].replaceWith(fresh);
      this.#blockElements[b] = fresh;
    }
  }

  #scrollTo(itemRef) {
    const item = this.store.item(itemRef);
    if (!item) return;
    const block = this.#blockElements[this.index.blockAt(item.start)];
    const selector = itemRef.isMention ? `mark[data-mention="${item.id}"]` : `[data-quote="${item.id}"]`;
    block?.querySelector(selector)?.scrollIntoView({ block: "nearest" });
  }
}
