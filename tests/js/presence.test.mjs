import assert from "node:assert/strict";
import { test } from "node:test";

import { firstState, presenceText, watchPresence } from "../../static/js/workspace/presence.js";

test("who else is editing, in words", () => {
  assert.equal(presenceText([]), "");
  assert.equal(presenceText(["rev"]), "rev is also editing.");
  assert.equal(presenceText(["ann", "rev"]), "ann, rev are also editing.");
});

function answering(...answers) {
  const asked = [];
  const fetch = async (url) => {
    asked.push(url);
    const [status, body] = answers.shift();
    return { ok: status === 200, status, json: async () => body };
  };
  return { asked, fetch };
}

test("the first state asks for the body, and a refusal is an error", async () => {
  const { asked, fetch } = answering([200, { version: 3, body: "Text." }], [403, {}]);
  assert.deepEqual(await firstState("/workspace/7/state.json", fetch), { version: 3, body: "Text." });
  assert.deepEqual(asked, ["/workspace/7/state.json?body=1"]);
  await assert.rejects(firstState("/workspace/7/state.json", fetch), /answered 403/);
});

test("the poll names the version shown and redraws only a newer full state", async () => {
  const loaded = [];
  const store = { version: 3, load: (state) => loaded.push(state) };
  const output = { textContent: "", hidden: true };
  const newer = { version: 4, mentions: [], quotes: [], entities: [], history: [], present: [] };
  const { asked, fetch } = answering([200, { version: 3, present: ["rev"] }], [200, newer]);
  const timer = watchPresence({ stateUrl: "/s.json", output, store, fetch, every: 5 });
  while (asked.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(timer);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(asked, ["/s.json?since=3", "/s.json?since=3"]);
  assert.deepEqual(loaded, [newer]);
  assert.equal(output.textContent, "");
  assert.equal(output.hidden, true);
});
