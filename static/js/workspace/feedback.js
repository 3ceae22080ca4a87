// What the page tells the annotator about saving: the status line, an error, and after a
// conflict what the other person changed and which action of theirs was kept.

import { describeEvent, describeOp } from "./describe.js";

export class Feedback {
  constructor({ root, store, index, pending }) {
    Object.assign(this, { store, index, pending });
    const $ = (selector) => root.querySelector(selector);
    this.parts = {
      status: $("[data-save-status]"),
      error: $("[data-error]"),
      conflict: $("[data-conflict]"),
      changes: $("[data-conflict-changes]"),
      action: $("[data-conflict-action]"),
      apply: $("[data-conflict-apply]"),
    };
  }

  status(text) {
    this.parts.status.textContent = text;
  }

  error(text) {
    this.parts.error.textContent = text;
    this.parts.error.hidden = !text;
  }

  // The server refused an action because of `changes` (history events) made since.
  conflict(changes) {
    this.parts.changes.replaceChildren(
      ...changes.map((event) => {
        const li = document.createElement("li");
        li.textContent = describeEvent(event, this.store, this.index);
        return li;
      }),
    );
    this.status("Not saved: the article changed.");
    this.showPending();
  }

  // Show the kept action, if there is one, with the choice to apply or discard it.
  showPending() {
    const pending = this.pending.peek();
    this.parts.conflict.hidden = !pending;
    if (!pending) return;
    this.parts.action.textContent = describeOp(pending.op, this.store, this.index);
    this.parts.apply.focus();
  }

  hidePending() {
    this.parts.conflict.hidden = true;
  }
}
