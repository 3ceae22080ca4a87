// Undo and redo. The server answers every action with the action that reverses it; undoing
// sends that, and the server's answer to it is what redo sends. Nothing is reversed here.

export const UNDO_LIMIT = 200;

export class UndoStack {
  #undo = [];
  #redo = [];

  constructor({ limit = UNDO_LIMIT } = {}) {
    this.limit = limit;
  }

  // The reverse action to send for an undo (or a redo), taken off its stack; null if none.
  takeUndo() {
    return this.#undo.pop() ?? null;
  }

  takeRedo() {
    return this.#redo.pop() ?? null;
  }

  // Remember the reverse of an action the server carried out. `how` is how it was sent:
  // "do" (a new action, which ends what could be redone), "undo" or "redo".
  record(how, reverse) {
    if (how === "undo") {
      if (reverse) this.#redo.push(reverse);
      return;
    }
    if (reverse) this.#undo.push(reverse);
    if (this.#undo.length > this.limit) this.#undo.shift();
    if (how === "do") this.#redo.length = 0;
  }

  get canUndo() {
    return this.#undo.length > 0;
  }

  get canRedo() {
    return this.#redo.length > 0;
  }
}
