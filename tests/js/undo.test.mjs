// Undo and redo: the server's reverse actions, kept in the order they must be sent.
import assert from "node:assert/strict";
import test from "node:test";

import { UndoStack } from "../../static/js/workspace/undo.js";

const reverse = (n) => ({ op: "mention_update", id: n });

test("undo takes the reverse of the last action; redo the reverse of that undo", () => {
  const stack = new UndoStack();
  assert.equal(stack.takeUndo(), null);
  stack.record("do", reverse(1));
  stack.record("do", reverse(2));
  assert.deepEqual(stack.takeUndo(), reverse(2));
  stack.record("undo", reverse(-2)); // the server's answer to the undo
  assert.ok(stack.canRedo);
  assert.deepEqual(stack.takeRedo(), reverse(-2));
  stack.record("redo", reverse(2)); // and a redo can be undone again
  assert.deepEqual(stack.takeUndo(), reverse(2));
  assert.deepEqual(stack.takeUndo(), reverse(1));
  assert.equal(stack.takeUndo(), null);
});

test("a new action ends what could be redone; a redo does not", () => {
  const stack = new UndoStack();
  stack.record("do", reverse(1));
  stack.record("do", reverse(2));
  stack.takeUndo();
  stack.record("undo", reverse(-2));
  stack.takeUndo();
  stack.record("undo", reverse(-1));
  stack.takeRedo();
  stack.record("redo", reverse(1));
  assert.ok(stack.canRedo); // -2 is still there
  stack.record("do", reverse(3));
  assert.equal(stack.canRedo, false);
  assert.equal(stack.takeRedo(), null);
});

test("sixty actions undone and redone in order", () => {
  const stack = new UndoStack();
  for (let n = 1; n <= 60; n += 1) stack.record("do", reverse(n));
  const undone = [];
  for (let op = stack.takeUndo(); op; op = stack.takeUndo()) {
    undone.push(op.id);
    stack.record("undo", reverse(-op.id));
  }
  assert.deepEqual(undone, Array.from({ length: 60 }, (_, i) => 60 - i));
  const redone = [];
  for (let op = stack.takeRedo(); op; op = stack.takeRedo()) {
    redone.push(op.id);
    stack.record("redo", reverse(-op.id));
  }
  assert.deepEqual(redone, Array.from({ length: 60 }, (_, i) => -(i + 1)));
  assert.ok(stack.canUndo);
});

test("only the latest actions are kept, up to the limit", () => {
  const stack = new UndoStack({ limit: 3 });
  for (let n = 1; n <= 5; n += 1) stack.record("do", reverse(n));
  const kept = [];
  for (let op = stack.takeUndo(); op; op = stack.takeUndo()) kept.push(op.id);
  assert.deepEqual(kept, [5, 4, 3]);
});
