// Drawing one block of the text with its annotations, and mapping positions in the drawn
// text (DOM nodes, UTF-16 offsets) to code-point offsets and back.
//
// The drawn text is exactly the body: every character is in one text node, inside marks
// for mentions and spans for quotes, cues and speakers. Text goes in with textContent or as
// text nodes only, never as markup.

import { countCodePoints } from "./offsets.js";

// The code-point offset of a DOM position inside the drawn text, or null if it is outside.
export function offsetOf(root, node, offset) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  const block = element.closest("[data-block-start]");
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
    if (text === node) {
      return Number(block.dataset.blockStart) + count + countCodePoints(text.data.slice(0, offset));
    }
    count += countCodePoints(text.data);
  }
  return null;
}

function domPoint(root, index, offset) {
  const blockNo = index.blockAt(offset);
  const block = root.querySelector(`[data-block="${blockNo}"]`);
  let remaining = index.toUtf16(offset) - index.toUtf16(index.blocks[blockNo][0]);
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

// The page's selection inside the drawn text as code points [start, end] (start ≤ end),
// or null when nothing is selected there or an end lies outside the drawn text.
export function selectedOffsets(root) {
  const selection = getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  const start = offsetOf(root, range.startContainer, range.startOffset);
  const end = offsetOf(root, range.endContainer, range.endOffset);
  return start == null || end == null ? null : [start, end];
}

// Make [start, end) of the drawn text the page's selection (nothing selected if null).
export function selectOffsets(root, index, span) {
  const selection = getSelection();
  selection.removeAllRanges();
  if (span) selection.addRange(rangeOf(root, index, span[0], span[1]));
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

// Draw one block. `view` holds the mentions and quotes touching it, the selected ref and
// the entity whose mentions are marked (the selected entity's id, or null).
export function drawBlock(index, blockNo, view) {
  const [blockStart, blockEnd] = index.blocks[blockNo];
  const element = document.createElement("span");
  element.className = "blk";
  element.dataset.block = String(blockNo);
  element.dataset.blockStart = String(blockStart);
  element.dataset.blockEnd = String(blockEnd);
  const inside = (item) => item.start < blockEnd && item.end > blockStart;
  const touching = ([s, e]) => s < blockEnd && e > blockStart;
  const mentions = view.mentions.filter(inside);
  const quotes = view.quotes.filter(inside);
  const selectedQuote = view.selection?.isQuote ? view.selection.id : null;
  const cues = [];
  const speakers = [];
  for (const quote of view.quotes) {
    if (quote.cue && touching(quote.cue)) cues.push([...quote.cue, quote.id]);
    if (quote.speaker && touching(quote.speaker)) speakers.push([...quote.speaker, quote.id]);
  }
  const clip = (offset) => Math.max(blockStart, Math.min(blockEnd, offset));
  const cuts = new Set([blockStart, blockEnd]);
  for (const item of [...mentions, ...quotes]) cuts.add(clip(item.start)).add(clip(item.end));
  for (const [s, e] of [...cues, ...speakers]) cuts.add(clip(s)).add(clip(e));
  const points = [...cuts].sort((a, b) => a - b);
  let quoteElement = null;
  let openQuote = null;
  let run = null;
  const flush = () => {
    if (!run) return;
    const text = index.slice(run.start, run.end);
    let node;
    if (run.mention) {
      const m = run.mention;
      node = document.createElement("mark");
      node.className = `ent ent-${m.label} is-${m.status}`;
      node.dataset.mention = String(m.id);
      node.dataset.entity = String(m.entity ?? "");
      node.dataset.label = m.label;
      if (view.selection?.isMention && view.selection.id === m.id) node.classList.add("is-current");
      if (view.focusEntity != null && m.entity === view.focusEntity) node.classList.add("is-focus");
      node.textContent = text;
    } else if (run.cue || run.speaker) {
      node = document.createElement("span");
      node.textContent = text;
    } else {
      node = document.createTextNode(text);
    }
    if (run.cue) node.classList.add("cue", ...(run.cue === selectedQuote ? ["is-linked"] : []));
    if (run.speaker) node.classList.add("speaker", ...(run.speaker === selectedQuote ? ["is-linked"] : []));
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
        if (selectedQuote === quote.id) quoteElement.classList.add("is-current");
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
