// The keyboard: one table of what each key does. The key handler looks keys up in it and
// the help dialog is filled from it, so the two cannot disagree.
//
// A key is written as a chord: the key as the browser names it ("j", "J", "?", "Enter",
// "ArrowLeft"), digits by the key pressed ("1"–"9", "Shift+1" whatever the layout types),
// and "Shift+" before an arrow, "Ctrl+" (Ctrl or ⌘) before a lower-case letter. A binding
// names a command and its arguments; what the commands do is up to the page.

const digits = (prefix, command) =>
  [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ keys: [`${prefix}${n}`], command, args: [n - 1] }));

// Each row is one line of the help: its keys, shown together, and what they do. The first
// key of a binding is shown in the row; the others are listed after the words ("also …").
// `range` rows are shown as first–last. `whileTyping` keys work in a form field too, and
// `keepDefault` ones leave the browser's own handling of the key alone.
export const KEY_TABLE = [
  {
    help: "next / previous suggestion",
    bindings: [
      { keys: ["j"], command: "move", args: [1, { suggestionsOnly: true }] },
      { keys: ["k"], command: "move", args: [-1, { suggestionsOnly: true }] },
    ],
  },
  {
    help: "next / previous annotation, checked or not",
    bindings: [
      { keys: ["J"], command: "move", args: [1, { suggestionsOnly: false }] },
      { keys: ["K"], command: "move", args: [-1, { suggestionsOnly: false }] },
    ],
  },
  {
    help: "select the previous / next word",
    bindings: [
      { keys: ["ArrowLeft"], command: "word", args: [-1, { extend: false }] },
      { keys: ["ArrowRight"], command: "word", args: [1, { extend: false }] },
    ],
  },
  {
    help: "extend the selection by the previous / next word",
    bindings: [
      { keys: ["Shift+ArrowLeft"], command: "word", args: [-1, { extend: true }] },
      { keys: ["Shift+ArrowRight"], command: "word", args: [1, { extend: true }] },
    ],
  },
  {
    help: "label the selection, or relabel the selected mention (the labels above, in order)",
    range: true,
    bindings: digits("", "label"),
  },
  {
    help: "accept all suggestions of that label",
    range: true,
    bindings: digits("Shift+", "acceptLabel"),
  },
  {
    help: "accept all remaining suggestions",
    bindings: [{ keys: ["A"], command: "acceptAll" }],
  },
  {
    help: "accept / reject / delete the selected item",
    bindings: [
      { keys: ["a"], command: "setStatus", args: ["accepted"] },
      { keys: ["r"], command: "setStatus", args: ["rejected"] },
      { keys: ["x", "Delete", "Backspace"], command: "delete" },
    ],
  },
  {
    help: "label menu / move the mention to another entity",
    bindings: [
      { keys: ["l"], command: "labelMenu" },
      { keys: ["e"], command: "entityMenu" },
    ],
  },
  {
    help: "make the selection a direct / partial / indirect quote (or change the selected quote's kind)",
    bindings: [
      { keys: ["q"], command: "quote", args: ["direct"] },
      { keys: ["p"], command: "quote", args: ["partial"] },
      { keys: ["i"], command: "quote", args: ["indirect"] },
    ],
  },
  {
    help: "set the selected item's boundaries to the text selection",
    bindings: [{ keys: ["b"], command: "bounds" }],
  },
  {
    help: "set the selected quote's cue to the text selection",
    bindings: [{ keys: ["c"], command: "cue" }],
  },
  {
    help: "speaker: the text selection, or choose from the list",
    bindings: [{ keys: ["s"], command: "speaker" }],
  },
  {
    help: "speaker anonymous / unknown",
    bindings: [
      { keys: ["o"], command: "speakerChosen", args: ["anonymous"] },
      { keys: ["u"], command: "speakerChosen", args: ["unknown"] },
    ],
  },
  {
    help: "undo / redo",
    bindings: [
      { keys: ["z", "Ctrl+z"], command: "undo" },
      { keys: ["y", "Ctrl+y", "Ctrl+Shift+z"], command: "redo" },
    ],
  },
  {
    help: "go to the selected item's controls / back to the text (and drop the text selection)",
    bindings: [
      { keys: ["Enter"], command: "controls" },
      { keys: ["Escape"], command: "back", whileTyping: true, keepDefault: true },
    ],
  },
  {
    help: "this help",
    bindings: [{ keys: ["?"], command: "showHelp" }],
  },
];

// The chord a keydown event is, or null for one no binding could have (Alt held).
export function chordOf({ key, code = "", ctrlKey = false, metaKey = false, altKey = false, shiftKey = false }) {
  if (altKey) return null;
  if (ctrlKey || metaKey) return `Ctrl+${shiftKey ? "Shift+" : ""}${key.toLowerCase()}`;
  const digit = /^Digit([1-9])$/.exec(code);
  if (digit) return `${shiftKey ? "Shift+" : ""}${digit[1]}`;
  if (shiftKey && key.startsWith("Arrow")) return `Shift+${key}`;
  return key;
}

function indexTable(table) {
  const bound = new Map();
  for (const row of table) {
    for (const binding of row.bindings) {
      for (const chord of binding.keys) {
        if (bound.has(chord)) throw new Error(`the key ${chord} is bound twice`);
        bound.set(chord, binding);
      }
    }
  }
  return bound;
}

const BOUND = indexTable(KEY_TABLE);

// The binding of a chord: {command, args, whileTyping, keepDefault}, or null.
export function bindingFor(chord) {
  const binding = chord == null ? null : BOUND.get(chord);
  if (!binding) return null;
  return {
    command: binding.command,
    args: binding.args ?? [],
    whileTyping: Boolean(binding.whileTyping),
    keepDefault: Boolean(binding.keepDefault),
  };
}

const SHOWN = { ArrowLeft: "←", ArrowRight: "→", ArrowUp: "↑", ArrowDown: "↓", Escape: "Esc" };

// The keys to press for a chord, as shown: "Ctrl+z" → ["Ctrl", "Z"].
export function keyCaps(chord) {
  const parts = chord.length > 1 ? chord.split("+") : [chord];
  const key = parts.pop() || "+";
  const shown = SHOWN[key] ?? (parts.includes("Ctrl") ? key.toUpperCase() : key);
  return [...parts, shown];
}

// The help as rows of {keys, also, help}: `keys` are what the row shows, each a list of
// key caps, with "–" between the first and the last of a range; `also` are other chords.
export function helpRows(table = KEY_TABLE) {
  return table.map((row) => {
    const first = row.bindings.map((b) => b.keys[0]);
    const keys = row.range
      ? [[...keyCaps(first[0]), "–", keyCaps(first.at(-1)).at(-1)]]
      : first.map(keyCaps);
    const also = row.bindings.flatMap((b) => b.keys.slice(1)).map(keyCaps);
    return { keys, also, help: row.help };
  });
}

// Key caps as <kbd> elements joined by "+" (and a range's "–" as it is).
function appendCaps(parent, caps) {
  caps.forEach((cap, i) => {
    if (cap === "–") {
      parent.append("–");
      return;
    }
    if (i > 0 && caps[i - 1] !== "–") parent.append("+");
    const kbd = parent.ownerDocument.createElement("kbd");
    kbd.textContent = cap;
    parent.append(kbd);
  });
}

// Fill a <dl> with the help, one <dt>/<dd> pair per row.
export function fillHelp(list, table = KEY_TABLE) {
  const doc = list.ownerDocument;
  const items = [];
  for (const row of helpRows(table)) {
    const dt = doc.createElement("dt");
    row.keys.forEach((caps, i) => {
      if (i > 0) dt.append(" / ");
      appendCaps(dt, caps);
    });
    const dd = doc.createElement("dd");
    dd.append(row.help);
    if (row.also.length) {
      dd.append(" (also ");
      row.also.forEach((caps, i) => {
        if (i > 0) dd.append(", ");
        appendCaps(dd, caps);
      });
      dd.append(")");
    }
    items.push(dt, dd);
  }
  list.replaceChildren(...items);
}
