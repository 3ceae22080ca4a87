// The key map: one table that the keys obey and that fills the help.
import assert from "node:assert/strict";
import test from "node:test";

import { Commands } from "../../static/js/workspace/commands.js";
import { KEY_TABLE, bindingFor, chordOf, fillHelp, helpRows, keyCaps } from "../../static/js/workspace/keymap.js";

const press = (key, fields = {}) => bindingFor(chordOf({ key, ...fields }));

test("a key press is a chord: letters as typed, digits by the key, Ctrl for Ctrl and ⌘", () => {
  assert.equal(chordOf({ key: "j" }), "j");
  assert.equal(chordOf({ key: "J", shiftKey: true }), "J");
  assert.equal(chordOf({ key: "?", shiftKey: true }), "?");
  assert.equal(chordOf({ key: "4", code: "Digit4" }), "4");
  assert.equal(chordOf({ key: "!", code: "Digit1", shiftKey: true }), "Shift+1");
  assert.equal(chordOf({ key: "Z", ctrlKey: true, shiftKey: true }), "Ctrl+Shift+z");
  assert.equal(chordOf({ key: "z", metaKey: true }), "Ctrl+z");
  assert.equal(chordOf({ key: "ArrowRight", shiftKey: true }), "Shift+ArrowRight");
  assert.equal(chordOf({ key: "Escape", shiftKey: true }), "Escape");
  assert.equal(chordOf({ key: "j", altKey: true }), null);
  assert.equal(chordOf({ key: "0", code: "Digit0" }), "0");
});

test("each key does what the workspace promises", () => {
  assert.deepEqual(press("j"), {
    command: "move",
    args: [1, { suggestionsOnly: true }],
    whileTyping: false,
    keepDefault: false,
  });
  assert.deepEqual(press("K", { shiftKey: true }).args, [-1, { suggestionsOnly: false }]);
  assert.deepEqual(press("2", { code: "Digit2" }), { command: "label", args: [1], whileTyping: false, keepDefault: false });
  assert.deepEqual(press("@", { code: "Digit2", shiftKey: true }).command, "acceptLabel");
  assert.equal(press("A", { shiftKey: true }).command, "acceptAll");
  assert.deepEqual(press("a").args, ["accepted"]);
  assert.deepEqual(press("r").args, ["rejected"]);
  for (const key of ["x", "Delete", "Backspace"]) assert.equal(press(key).command, "delete");
  assert.deepEqual(["q", "p", "i"].map((key) => press(key).args[0]), ["direct", "partial", "indirect"]);
  assert.deepEqual(["o", "u"].map((key) => press(key).args[0]), ["anonymous", "unknown"]);
  assert.equal(press("z").command, "undo");
  assert.equal(press("z", { ctrlKey: true }).command, "undo");
  assert.equal(press("y").command, "redo");
  assert.equal(press("Y", { ctrlKey: true }).command, "redo");
  assert.equal(press("Z", { ctrlKey: true, shiftKey: true }).command, "redo");
  assert.deepEqual(press("ArrowLeft", { shiftKey: true }).args, [-1, { extend: true }]);
  assert.equal(press("?").command, "showHelp");
  // Escape works from a form field and leaves the browser's own handling alone.
  assert.deepEqual(press("Escape"), { command: "back", args: [], whileTyping: true, keepDefault: true });
  for (const key of ["n", "0", "Tab", " "]) assert.equal(press(key), null, key);
  assert.equal(press("0", { code: "Digit0" }), null);
  assert.equal(bindingFor(null), null);
});

test("every command in the table is one the workspace has", () => {
  for (const row of KEY_TABLE) {
    assert.ok(row.help && row.bindings.length, row.help);
    for (const binding of row.bindings) {
      assert.equal(typeof Commands.prototype[binding.command], "function", binding.command);
      assert.ok(binding.keys.length);
    }
  }
});

test("the help shows each row's keys, ranges as first–last, and the other keys after the words", () => {
  assert.deepEqual(keyCaps("Ctrl+Shift+z"), ["Ctrl", "Shift", "Z"]);
  assert.deepEqual(keyCaps("ArrowLeft"), ["←"]);
  assert.deepEqual(keyCaps("Escape"), ["Esc"]);
  assert.deepEqual(keyCaps("?"), ["?"]);
  const rows = helpRows();
  assert.equal(rows.length, KEY_TABLE.length);
  const undo = rows.find((r) => r.help === "undo / redo");
  assert.deepEqual(undo.keys, [["z"], ["y"]]);
  assert.deepEqual(undo.also, [["Ctrl", "Z"], ["Ctrl", "Y"], ["Ctrl", "Shift", "Z"]]);
  const labels = rows.find((r) => r.help.startsWith("accept all suggestions of"));
  assert.deepEqual(labels.keys, [["Shift", "1", "–", "9"]]);
});

// Just enough of a document for fillHelp.
class FakeElement {
  constructor(tag, ownerDocument) {
    Object.assign(this, { tag, ownerDocument, children: [] });
  }

  append(...nodes) {
    this.children.push(...nodes);
  }

  replaceChildren(...nodes) {
    this.children = nodes;
  }

  set textContent(text) {
    this.children = [text];
  }

  get textContent() {
    return this.children.map((c) => (typeof c === "string" ? c : c.textContent)).join("");
  }
}

test("the help dialog is filled from the table, as text", () => {
  const doc = { createElement: (tag) => new FakeElement(tag, doc) };
  const list = new FakeElement("dl", doc);
  fillHelp(list);
  const tags = list.children.map((c) => c.tag);
  assert.equal(tags.length, 2 * KEY_TABLE.length);
  assert.ok(tags.every((tag, i) => tag === (i % 2 ? "dd" : "dt")));
  const lines = [];
  for (let i = 0; i < list.children.length; i += 2) {
    lines.push(`${list.children[i].textContent} : ${list.children[i + 1].textContent}`);
  }
  assert.ok(lines.includes("j / k : next / previous suggestion"), lines.join("\n"));
  assert.ok(lines.includes("z / y : undo / redo (also Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z)"), lines.join("\n"));
  assert.ok(lines.some((line) => line.startsWith("Shift+1–9 : accept all suggestions")), lines.join("\n"));
  assert.ok(lines.includes("a / r / x : accept / reject / delete the selected item (also Delete, Backspace)"));
  assert.ok(lines.includes("← / → : select the previous / next word"));
  const kbd = list.children[0].children.filter((c) => typeof c !== "string");
  assert.deepEqual(kbd.map((k) => [k.tag, k.textContent]), [["kbd", "j"], ["kbd", "k"]]);
});
