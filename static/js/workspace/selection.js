// The words the annotator has selected in the text, in code points, by mouse or by arrows.
// A selection always snaps to whole words, and shows that it did.

import { selectedOffsets, selectOffsets } from "./text-draw.js";

export class TextSelection {
  #cursor = null; // [anchor word, focus word] while selecting with the arrow keys

  constructor({ root, index }) {
    this.root = root;
    this.index = index;
  }

  // The selected words as [start, end), or null if nothing in the text is selected.
  get span() {
    const offsets = selectedOffsets(this.root);
    return offsets && this.index.snap(...offsets);
  }

  show(span) {
    selectOffsets(this.root, this.index, span);
  }

  clear() {
    getSelection().removeAllRanges();
    this.#cursor = null;
  }

  // The mouse made a selection: the arrows start again from it.
  snapToWords() {
    const span = this.span;
    if (!span) return;
    this.#cursor = null;
    this.show(span); // the selection visibly snaps to whole words
  }

  forgetCursor() {
    this.#cursor = null;
  }

  // Select the next (step 1) or previous (-1) word, or extend the selection by it. The
  // first press starts from the selection, else from `fromOffset` (the selected item's
  // start), else selects the first word.
  moveWord(step, { extend = false, fromOffset = null } = {}) {
    const words = this.index.words();
    if (!words.length) return;
    if (!this.#cursor) {
      const span = this.span;
      const from = span ? span[step > 0 ? 1 : 0] - (step > 0 ? 1 : 0) : (fromOffset ?? 0);
      const at = this.index.wordIndexAt(from);
      this.#cursor = [at, at];
      if (!span && fromOffset == null) step = 0;
    }
    const focus = Math.max(0, Math.min(words.length - 1, this.#cursor[1] + step));
    this.#cursor = extend ? [this.#cursor[0], focus] : [focus, focus];
    const a = words[Math.min(...this.#cursor)];
    const b = words[Math.max(...this.#cursor)];
    this.show([a[0], b[1]]);
    const range = getSelection().getRangeAt(0);
    (range.startContainer.parentElement ?? this.root).scrollIntoView({ block: "nearest" });
  }
}
