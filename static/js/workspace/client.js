// Talking to the server. Every action is sent at once, one at a time in the order the
// annotator made them, with the version of the article it was based on. The server answers
// with what changed, which goes into the store, and with the action that reverses it, which
// goes on the undo stack. If someone else changed the article first, the server refuses
// (409) and sends the article as it now is; the refused action is kept, in the browser's
// storage, until the annotator applies it again or discards it.

// The one action kept after a conflict or a failed save, per article.
export class PendingAction {
  constructor(storage, articleId) {
    this.storage = storage;
    this.key = `newsdesk:pending:${articleId}`;
  }

  keep(op, how) {
    this.storage.setItem(this.key, JSON.stringify({ op, history: how }));
  }

  peek() {
    const raw = this.storage.getItem(this.key);
    return raw ? JSON.parse(raw) : null;
  }

  take() {
    const pending = this.peek();
    this.storage.removeItem(this.key);
    return pending;
  }
}

export class ActionClient {
  #queue = Promise.resolve();

  // `feedback` shows the save status, errors and conflicts; `onTimed(ms)` hears how long
  // each saved action took.
  constructor({ actionUrl, registryUrl, csrf, store, undoStack, pending, feedback, onTimed = () => {}, fetch }) {
    Object.assign(this, { actionUrl, registryUrl, csrf, store, undoStack, pending, feedback, onTimed });
    this.fetch = fetch ?? globalThis.fetch.bind(globalThis);
  }

  // Send an action: "do" for a new one, "undo"/"redo" for one off those stacks. Resolves
  // to the server's answer once it is applied, or to undefined if it was not saved.
  perform(op, how = "do") {
    this.#queue = this.#queue
      .then(() => this.#send(op, how))
      .catch((error) => {
        this.feedback.status("Not saved.");
        this.feedback.error(`Could not save: ${error.message}. Your action is kept; try again.`);
        this.pending.keep(op, how);
      });
    return this.#queue;
  }

  undo() {
    const op = this.undoStack.takeUndo();
    if (!op) return this.feedback.status("Nothing to undo.");
    return this.perform(op, "undo");
  }

  redo() {
    const op = this.undoStack.takeRedo();
    if (!op) return this.feedback.status("Nothing to redo.");
    return this.perform(op, "redo");
  }

  async #send(op, how) {
    const { feedback, store } = this;
    feedback.status("Saving…");
    const started = performance.now();
    const response = await this.fetch(this.actionUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf, Accept: "application/json" },
      body: JSON.stringify({ ...op, version: store.version }),
    });
    const data = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
    if (response.status === 409) {
      this.pending.keep(op, how);
      store.load(data.state);
      feedback.conflict(data.changes);
      return undefined;
    }
    if (!response.ok) {
      feedback.status("Not saved.");
      feedback.error(`Not saved: ${data.error ?? response.status}`);
      return undefined;
    }
    feedback.error("");
    // Someone else changed other parts meanwhile: the answer carries the whole state.
    if (data.state) store.load(data.state);
    else store.apply(data);
    this.undoStack.record(how, data.undo);
    this.onTimed(Math.round(performance.now() - started));
    feedback.status(`Saved (version ${store.version}).`);
    return data;
  }

  // The registry entries of a label, for the entity panel; null if they cannot be had
  // (the list is a convenience: the rest of the page works without it).
  async registryChoices(label) {
    const url = new URL(this.registryUrl, location.href);
    url.searchParams.set("label", label);
    try {
      const response = await this.fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return null;
      return (await response.json()).results;
    } catch {
      return null;
    }
  }
}
