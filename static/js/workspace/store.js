// What the workspace knows: the article's version, its mentions, quotes and entities as the
// server last sent them, and what the annotator has selected. Nothing else changes them.
//
// Every change ends in one notification to the subscribed renderers, saying exactly what
// changed — each item's before and after, the selection's before and after — so that each
// renderer redraws only its own part, and no caller has to know which parts those are.
//
// An action must cost the same on a long article as on a short one, so nothing done per
// action walks all the annotations: they are kept in text order and counted per entity as
// they change, and the next suggestion is found by halving.

import { MENTION, QUOTE, entityRef, mentionRef, quoteRef, ref } from "./ids.js";
import { TextOrder } from "./text-order.js";

const SUGGESTED = "suggested";
const REJECTED = "rejected";

// The spans in the text an item is drawn over: its own, then its cue and speaker.
export function spansOf(item) {
  if (!item) return [];
  const spans = [[item.start, item.end]];
  if (item.cue) spans.push(item.cue);
  if (item.speaker) spans.push(item.speaker);
  return spans;
}

function addTo(map, key, id) {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
  return ids.size;
}

function takeFrom(map, key, id) {
  const ids = map.get(key);
  if (!ids) return 0;
  ids.delete(id);
  if (!ids.size) map.delete(key);
  return ids.size;
}

function entryOf(itemRef, item) {
  return { ref: itemRef, start: item.start, end: item.end };
}

export class Store {
  #subscribers = [];
  #inText = new TextOrder(); // every mention and quote
  #toCheck = new TextOrder(); // the suggestions among them
  #mentionsOf = new Map(); // entity id → ids of its mentions
  #quotesSpokenBy = new Map(); // entity id → ids of the quotes it speaks
  #listed = { stamp: -1, entities: [] };

  // The fields are for reading; only the methods below change them, and they notify.
  constructor() {
    this.version = null;
    this.mentions = new Map();
    this.quotes = new Map();
    this.entities = new Map();
    this.selection = null; // a Ref, or null
    this.pickSpeaker = false; // the next click on a mention names the selected quote's speaker
    this.lastMention = null; // the mention chosen last, which the entity panel can split off
    this.entitiesStamp = 0; // moves whenever the entities offered in the menus change
  }

  // ---- reading -------------------------------------------------------------------------

  #itemsOf(kind) {
    return kind === MENTION ? this.mentions : kind === QUOTE ? this.quotes : this.entities;
  }

  item(itemRef) {
    return itemRef ? (this.#itemsOf(itemRef.kind).get(itemRef.id) ?? null) : null;
  }

  get selected() {
    return this.item(this.selection);
  }

  // The selected item if it is of `kind`.
  selectedOf(kind) {
    return this.selection?.kind === kind ? this.selected : null;
  }

  mentionCount(entityId) {
    return this.#mentionsOf.get(entityId)?.size ?? 0;
  }

  mentionsOf(entityId) {
    return [...(this.#mentionsOf.get(entityId) ?? [])].map((id) => this.mentions.get(id));
  }

  quotesSpokenBy(entityId) {
    return [...(this.#quotesSpokenBy.get(entityId) ?? [])];
  }

  get suggestionsLeft() {
    return this.#toCheck.size;
  }

  // The mention covering exactly [start, end), if there is one.
  mentionAt(start, end) {
    for (const entry of this.#inText.exactly(start, end)) {
      if (entry.ref.isMention) return this.mentions.get(entry.ref.id);
    }
    return null;
  }

  // The mention or quote after (step 1) or before (step -1) `from` in text order, among
  // the suggestions or among all; from nowhere (or an entity), the first one.
  beside(from, step, { suggestionsOnly }) {
    const order = suggestionsOnly ? this.#toCheck : this.#inText;
    const item = from?.inText ? this.item(from) : null;
    if (item) return order.beside(entryOf(from, item), step)?.ref ?? null;
    return step > 0 ? (order.first?.ref ?? null) : null;
  }

  // The entities with mentions, by name; sorted again only when that list changes.
  listedEntities() {
    if (this.#listed.stamp !== this.entitiesStamp) {
      const entities = [...this.entities.values()].filter((e) => this.mentionCount(e.id));
      entities.sort((a, b) => a.name.localeCompare(b.name));
      this.#listed = { stamp: this.entitiesStamp, entities };
    }
    return this.#listed.entities;
  }

  // ---- notifying -----------------------------------------------------------------------

  // `renderer(change, store)` is called after every change; returns a way to stop.
  subscribe(renderer) {
    this.#subscribers.push(renderer);
    return () => {
      this.#subscribers = this.#subscribers.filter((r) => r !== renderer);
    };
  }

  #notify(change) {
    for (const renderer of this.#subscribers) renderer(change, this);
  }

  // What a renderer is told: `reset` (everything is new: redraw it all, `history` is the
  // latest events), or the mentions, quotes and entities that changed, each as
  // {ref, before, after} with `null` for "not there"; `selection` as {before, after,
  // scroll} if it moved; `pickSpeaker` if that mode went on or off; the history `event`.
  static #change(fields) {
    return {
      reset: false,
      history: null,
      mentions: [],
      quotes: [],
      entities: [],
      selection: null,
      pickSpeaker: false,
      event: null,
      ...fields,
    };
  }

  // ---- changing ------------------------------------------------------------------------

  // Files a mention or a quote in the text orders (unless the caller sorts them all at
  // once) and in the counts per entity.
  #file(itemRef, item, { ordered = true } = {}) {
    if (ordered) {
      this.#inText.add(entryOf(itemRef, item));
      if (item.status === SUGGESTED) this.#toCheck.add(entryOf(itemRef, item));
    }
    if (itemRef.isMention && item.entity != null) {
      if (addTo(this.#mentionsOf, item.entity, item.id) === 1) this.entitiesStamp += 1;
    }
    if (itemRef.isQuote && item.speaker_entity != null) {
      addTo(this.#quotesSpokenBy, item.speaker_entity, item.id);
    }
  }

  #unfile(itemRef, item) {
    this.#inText.remove(entryOf(itemRef, item));
    if (item.status === SUGGESTED) this.#toCheck.remove(entryOf(itemRef, item));
    if (itemRef.isMention && item.entity != null) {
      if (takeFrom(this.#mentionsOf, item.entity, item.id) === 0) this.entitiesStamp += 1;
    }
    if (itemRef.isQuote && item.speaker_entity != null) {
      takeFrom(this.#quotesSpokenBy, item.speaker_entity, item.id);
    }
  }

  // Puts a mention or quote as the server now has it (`null`: gone; a rejected one leaves
  // the page too) and says what it was before.
  #put(kind, id, item) {
    const items = this.#itemsOf(kind);
    const itemRef = ref(kind, id);
    const before = items.get(id) ?? null;
    if (before) this.#unfile(itemRef, before);
    const after = item && item.status !== REJECTED ? item : null;
    if (after) {
      items.set(id, after);
      this.#file(itemRef, after);
    } else {
      items.delete(id);
    }
    return { ref: itemRef, before, after };
  }

  // The whole state from the server: at the start, and after a conflict. What was selected
  // stays selected if it is still there.
  load(data) {
    this.version = data.version;
    this.mentions = new Map(data.mentions.map((m) => [m.id, m]));
    this.quotes = new Map(data.quotes.map((q) => [q.id, q]));
    this.entities = new Map(data.entities.map((e) => [e.id, e]));
    this.#mentionsOf.clear();
    this.#quotesSpokenBy.clear();
    this.#inText = new TextOrder();
    this.#toCheck = new TextOrder();
    const all = [];
    const open = [];
    for (const [toRef, items] of [
      [mentionRef, this.mentions],
      [quoteRef, this.quotes],
    ]) {
      for (const item of items.values()) {
        const itemRef = toRef(item.id);
        all.push(entryOf(itemRef, item));
        if (item.status === SUGGESTED) open.push(entryOf(itemRef, item));
        this.#file(itemRef, item, { ordered: false });
      }
    }
    this.#inText.load(all);
    this.#toCheck.load(open);
    this.entitiesStamp += 1;
    const before = this.selection;
    if (before && !this.item(before)) this.selection = null;
    this.pickSpeaker = false;
    this.#notify(
      Store.#change({
        reset: true,
        history: data.history ?? [],
        selection: before !== this.selection ? { before, after: null, scroll: false } : null,
      }),
    );
  }

  // What the server answered to an action: the items it changed or deleted, and the event
  // it wrote to the history.
  apply(answer) {
    this.version = answer.version;
    const deleted = answer.deleted ?? { mentions: [], quotes: [], entities: [] };
    const mentions = [
      ...answer.mentions.map((m) => this.#put(MENTION, m.id, m)),
      ...deleted.mentions.map((id) => this.#put(MENTION, id, null)),
    ];
    const quotes = [
      ...answer.quotes.map((q) => this.#put(QUOTE, q.id, q)),
      ...deleted.quotes.map((id) => this.#put(QUOTE, id, null)),
    ];
    const entities = [];
    let listChanged = false;
    for (const e of answer.entities) {
      const before = this.entities.get(e.id) ?? null;
      this.entities.set(e.id, e);
      entities.push({ ref: entityRef(e.id), before, after: e });
      if (!before || before.name !== e.name || before.label !== e.label) listChanged = true;
    }
    for (const id of deleted.entities) {
      const before = this.entities.get(id) ?? null;
      this.entities.delete(id);
      entities.push({ ref: entityRef(id), before, after: null });
      listChanged = true;
    }
    if (listChanged) this.entitiesStamp += 1;
    let selection = null;
    if (this.selection && !this.selected) {
      selection = { before: this.selection, after: null, scroll: false };
      this.selection = null;
    }
    this.#notify(Store.#change({ mentions, quotes, entities, selection, event: answer.event ?? null }));
  }

  // Select a mention, a quote or an entity (or nothing); `scroll` brings it into view.
  select(itemRef, { scroll = true } = {}) {
    const before = this.selection;
    this.selection = itemRef ?? null;
    if (itemRef?.isMention) this.lastMention = itemRef.id;
    const pickSpeaker = this.pickSpeaker; // choosing something else ends picking a speaker
    this.pickSpeaker = false;
    this.#notify(
      Store.#change({ selection: { before, after: this.selection, scroll }, pickSpeaker }),
    );
  }

  setPickSpeaker(on) {
    if (this.pickSpeaker === on) return;
    this.pickSpeaker = on;
    this.#notify(Store.#change({ pickSpeaker: true }));
  }
}
