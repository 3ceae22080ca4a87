import assert from "node:assert/strict";
import { test } from "node:test";

import { antecedentOf, isPronoun } from "../../static/js/workspace/pronouns.js";

const TEXT = "Mr John Roe met Ms Jane Doe and the UN. She said it went well; he agreed.";
const at = (word) => TEXT.indexOf(word);
const mention = (word, label, entity) => ({ start: at(word), end: at(word) + word.length, label, entity });
const mentions = [mention("John Roe", "PERSON", 1), mention("Jane Doe", "PERSON", 2), mention("UN", "ORG", 3)];
const slice = (a, b) => TEXT.slice(a, b);

test("a pronoun is offered the nearest earlier entity it can stand for", () => {
  assert.ok(isPronoun("She") && !isPronoun("Jane"));
  assert.equal(antecedentOf({ word: "She", start: at("She"), mentions, slice }).entity, 2);
  // "he" skips the woman and the organisation, back to Mr Roe.
  assert.equal(antecedentOf({ word: "he", start: at("he agreed"), mentions, slice }).entity, 1);
  assert.equal(antecedentOf({ word: "it", start: at("it went"), mentions, slice }).entity, 3);
  assert.equal(antecedentOf({ word: "She", start: 0, mentions, slice }), null);
});
