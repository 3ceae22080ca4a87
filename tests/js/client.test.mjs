// The action client against a stand-in server: version token, answers, conflicts, order.
import assert from "node:assert/strict";
import test from "node:test";

import { ActionClient, PendingAction } from "../../static/js/workspace/client.js";
import { Store } from "../../static/js/workspace/store.js";
import { UndoStack } from "../../static/js/workspace/undo.js";

class MemoryStorage {
  items = new Map();
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  setItem(key, value) {
    this.items.set(key, String(value));
  }
  removeItem(key) {
    this.items.delete(key);
  }
}

const EMPTY = { version: 1, mentions: [], quotes: [], entities: [], history: [] };
const mention = { id: 1, start: 0, end: 5, label: "PERSON", status: "accepted", entity: null };

function setUp(server) {
  const store = new Store();
  store.load(EMPTY);
  const sent = [];
  const said = { status: [], error: [], conflicts: [] };
  const feedback = {
    status: (text) => said.status.push(text),
    error: (text) => said.error.push(text),
    conflict: (changes) => said.conflicts.push(changes),
  };
  const pending = new PendingAction(new MemoryStorage(), 7);
  const undoStack = new UndoStack();
  const fetch = async (url, init) => {
    const body = JSON.parse(init.body);
    sent.push(body);
    const [status, data] = await server(body);
    return { status, ok: status < 400, json: async () => data };
  };
  const client = new ActionClient({ actionUrl: "/a", registryUrl: "/r", csrf: "t", store, undoStack, pending, feedback, fetch });
  return { store, client, sent, said, pending, undoStack };
}

function saved(version, fields = {}) {
  return [
    200,
    {
      version,
      undo: { op: "mention_update", id: 1, status: "suggested" },
      mentions: [],
      quotes: [],
      entities: [],
      deleted: { mentions: [], quotes: [], entities: [] },
      event: null,
      ...fields,
    },
  ];
}

test("each action carries the version it saw, and the answer moves it on", async () => {
  let version = 1;
  const { store, client, sent, said, undoStack } = setUp(async () => saved(++version, { mentions: [mention] }));
  client.perform({ op: "mention_update", id: 1, status: "accepted" });
  const answer = await client.perform({ op: "mention_update", id: 1, label: "ORG" });
  assert.equal(answer.version, 3);
  assert.deepEqual(sent.map((body) => body.version), [1, 2]); // sent one after the other
  assert.equal(store.version, 3);
  assert.equal(store.mentions.get(1).status, "accepted");
  assert.equal(said.status.at(-1), "Saved (version 3).");
  assert.ok(undoStack.canUndo);
  await client.undo();
  assert.deepEqual(sent.at(-1), { op: "mention_update", id: 1, status: "suggested", version: 3 });
  assert.ok(undoStack.canRedo);
});

test("a conflict shows the article as it now is and keeps the refused action", async () => {
  const fresh = { ...EMPTY, version: 5, mentions: [mention] };
  const { store, client, said, pending } = setUp(async () => [409, { state: fresh, changes: [{ action: "x" }] }]);
  const op = { op: "mention_update", id: 1, label: "GPE" };
  assert.equal(await client.perform(op), undefined);
  assert.equal(store.version, 5);
  assert.equal(store.mentions.get(1).label, "PERSON");
  assert.deepEqual(said.conflicts, [[{ action: "x" }]]);
  assert.deepEqual(pending.peek(), { op, history: "do" });
  assert.deepEqual(pending.take(), { op, history: "do" });
  assert.equal(pending.peek(), null);
});

test("a refusal is shown, and a failed request keeps the action to try again", async () => {
  let fail = false;
  const { client, said, pending, undoStack } = setUp(async () => {
    if (fail) throw new Error("offline");
    return [400, { error: "The action is not valid." }];
  });
  await client.perform({ op: "mention_create", start: 0, end: 1, label: "PERSON" });
  assert.equal(said.error.at(-1), "Not saved: The action is not valid.");
  assert.equal(pending.peek(), null);
  assert.equal(undoStack.canUndo, false);
  fail = true;
  const op = { op: "mention_delete", id: 1 };
  await client.perform(op);
  assert.match(said.error.at(-1), /offline/);
  assert.deepEqual(pending.peek(), { op, history: "do" });
  // The queue goes on after a failure.
  fail = false;
  await client.perform({ op: "mention_delete", id: 2 });
  assert.equal(said.status.at(-1), "Not saved.");
});

test("nothing to undo or redo is said, and nothing is sent", async () => {
  const { client, sent, said } = setUp(async () => saved(2));
  await client.undo();
  await client.redo();
  assert.deepEqual(sent, []);
  assert.deepEqual(said.status, ["Nothing to undo.", "Nothing to redo."]);
});
