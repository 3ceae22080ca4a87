// Code points (the server's offsets) and UTF-16 units (JavaScript's), blocks and words.
import assert from "node:assert/strict";
import test from "node:test";

import { TextIndex, countCodePoints } from "../../static/js/workspace/offsets.js";

test("an emoji or another astral character counts as one code point", () => {
  const body = "🎉 Party in 𝒜lbany!";
  const index = new TextIndex(body);
  assert.equal(body.length, 20); // UTF-16 units: 🎉 and 𝒜 take two each
  assert.equal(index.length, 18);
  assert.equal(countCodePoints(body), 18);
  assert.equal(index.slice(0, 1), "🎉");
  assert.equal(index.slice(11, 17), "𝒜lbany");
  assert.equal(index.charAt(11), "𝒜");
});

test("the two maps are inverse at every character boundary", () => {
  const body = "a🎉b𝒜c 👩‍👩‍👧 é";
  const index = new TextIndex(body);
  for (let cp = 0; cp <= index.length; cp += 1) {
    assert.equal(index.toCodePoint(index.toUtf16(cp)), cp);
  }
  assert.equal(index.toUtf16(index.length), body.length);
  // Inside a surrogate pair: the position counts as after the character.
  assert.equal(index.toCodePoint(2), 2);
  assert.equal(index.toUtf16(2), 3);
});

test("combining marks, ZWJ sequences and right-to-left text are counted as Python counts them", () => {
  // Python: len("Q\u0307uiz") == 5, len("👩‍👩‍👧") == 5, len("مرحبا") == 5.
  assert.equal(countCodePoints("Q\u0307uiz"), 5);
  assert.equal(countCodePoints("👩‍👩‍👧"), 5);
  assert.equal(countCodePoints("مرحبا"), 5);
  assert.equal(countCodePoints("\ud83c"), 1); // a lone surrogate is one
});

test("a selection snaps to whole words, without the spaces and punctuation at its edges", () => {
  const body = "“The talks went well,” Mr Maliki said.";
  const index = new TextIndex(body);
  const at = (text) => [...body.slice(0, body.indexOf(text))].length;
  assert.deepEqual(index.snap(at("alks"), at("ent") + 1), [at("talks"), at("talks") + "talks went".length]);
  assert.deepEqual(index.snap(0, index.length), [1, index.length - 1]);
  assert.equal(index.snap(at(","), at(",") + 2), null);
  // Backwards drags are the same selection.
  assert.deepEqual(index.snap(at("said") + 4, at("Maliki")), [at("Maliki"), at("said") + 4]);
});

test("words snap across astral letters and combining marks", () => {
  const body = "to 𝒜lbany and Q\u0307uiz.";
  const index = new TextIndex(body);
  assert.deepEqual(index.snap(4, 5), [3, 9]); // 𝒜lbany
  assert.equal(index.slice(...index.snap(15, 16)), "Q\u0307uiz");
  assert.deepEqual(
    index.words().map((w) => index.slice(...w)),
    ["to", "𝒜lbany", "and", "Q\u0307uiz"],
  );
  assert.equal(index.wordIndexAt(0), 0);
  assert.equal(index.wordIndexAt(9), 1); // the space after a word: still that word
  assert.equal(index.wordIndexAt(10), 2);
});

test("paragraphs are blocks of their own, and long ones are cut at a space", () => {
  const body = "First paragraph.\n\nSecond 🎉 one, a little longer.\n\nThird.";
  const index = new TextIndex(body);
  assert.deepEqual(
    index.blocks.map((b) => index.slice(...b)),
    ["First paragraph.\n\n", "Second 🎉 one, a little longer.\n\n", "Third."],
  );
  assert.deepEqual(index.paragraphs, [[0, 0], [1, 1], [2, 2]]);
  const long = new TextIndex("aaaa bbbb cccc dddd", { maxBlock: 6 });
  assert.deepEqual(long.blocks.map((b) => long.slice(...b)), ["aaaa bbbb ", "cccc dddd"]);
  assert.deepEqual(long.paragraphs, [[0, 1]]);
  // Every offset is in the block that holds it; a span lists every block it touches.
  assert.equal(index.blockAt(0), 0);
  assert.equal(index.blockAt(18), 1);
  assert.equal(index.blockAt(index.length), 2);
  assert.deepEqual(index.blocksTouching(10, 20), [0, 1]);
  assert.deepEqual(index.blocksTouching(18, 18), [1]);
});
