import assert from "node:assert/strict";
import { test } from "node:test";

import { presenceText } from "../../static/js/workspace/presence.js";

test("who else is editing, in words", () => {
  assert.equal(presenceText([]), "");
  assert.equal(presenceText(["rev"]), "rev is also editing.");
  assert.equal(presenceText(["ann", "rev"]), "ann, rev are also editing.");
});
