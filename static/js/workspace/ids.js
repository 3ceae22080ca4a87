// What the workspace points at: a mention, a quote or an entity, by its kind and id.
//
// A Ref is made once per (kind, id) and reused, so two refs to the same thing are the same
// object: they compare with === and serve as Map and Set keys. In the page they are written
// `kind:id`, the way the server names the targets of its history events.

export const MENTION = "mention";
export const QUOTE = "quote";
export const ENTITY = "entity";
const KINDS = [MENTION, QUOTE, ENTITY];

export class Ref {
  constructor(kind, id) {
    this.kind = kind;
    this.id = id;
    Object.freeze(this);
  }

  get isMention() {
    return this.kind === MENTION;
  }

  get isQuote() {
    return this.kind === QUOTE;
  }

  get isEntity() {
    return this.kind === ENTITY;
  }

  // A span in the text: a mention or a quote.
  get inText() {
    return this.kind !== ENTITY;
  }

  toString() {
    return `${this.kind}:${this.id}`;
  }
}

const made = new Map(KINDS.map((kind) => [kind, new Map()]));

export function ref(kind, id) {
  const ofKind = made.get(kind);
  if (!ofKind) throw new TypeError(`not a kind of annotation: ${kind}`);
  const number = Number(id);
  if (!Number.isInteger(number)) throw new TypeError(`not an id: ${id}`);
  let found = ofKind.get(number);
  if (!found) ofKind.set(number, (found = new Ref(kind, number)));
  return found;
}

export const mentionRef = (id) => ref(MENTION, id);
export const quoteRef = (id) => ref(QUOTE, id);
export const entityRef = (id) => ref(ENTITY, id);

// "quote:3" → the quote 3's ref; anything else → null.
export function parseRef(text) {
  const match = /^(mention|quote|entity):(\d+)$/.exec(text ?? "");
  return match ? ref(match[1], Number(match[2])) : null;
}

// Any fixed order will do among refs at the same place: mentions, then quotes, then by id.
export function compareRefs(a, b) {
  return KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.id - b.id;
}
