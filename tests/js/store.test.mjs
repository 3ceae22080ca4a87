// The store: the server's state, kept in text order and counted per entity, and exactly
// what changed told to every subscribed renderer.
import assert from "node:assert/strict";
import test from "node:test";

import { entityRef, mentionRef, parseRef, quoteRef } from "../../static/js/workspace/ids.js";
import { Store, spansOf } from "../../static/js/workspace/store.js";

const mention = (id, start, end, fields = {}) => ({
  id,
  start,
  end,
  label: "PERSON",
  status: "suggested",
  entity: null,
  ...fields,
});
const quote = (id, start, end, fields = {}) => ({
  id,
  start,
  end,
  kind: "direct",
  status: "suggested",
  cue: null,
  speaker: null,
  speaker_entity: null,
  speaker_type: "unknown",
  ...fields,
});
const entity = (id, name, label = "PERSON") => ({ id, name, label, registry: null, registry_name: null });

function loaded() {
  const store = new Store();
  store.load({
    version: 1,
    mentions: [
      mention(1, 0, 15, { entity: 10 }),
      mention(2, 33, 40, { label: "GPE", entity: 11, status: "accepted" }),
      mention(3, 70, 76, { entity: 10 }),
    ],
    quotes: [quote(5, 53, 72, { speaker: [70, 76], speaker_entity: 10, cue: [78, 82] })],
    entities: [entity(10, "Nouri Al Maliki"), entity(11, "Baghdad", "GPE"), entity(12, "Nobody")],
    history: [{ action: "mention_status" }],
  });
  return store;
}

function answer(fields) {
  return {
    version: 2,
    mentions: [],
    quotes: [],
    entities: [],
    deleted: { mentions: [], quotes: [], entities: [] },
    event: null,
    ...fields,
  };
}

function listening(store) {
  const heard = [];
  store.subscribe((change) => heard.push(change));
  return heard;
}

test("refs are one object per kind and id, written as the server names targets", () => {
  assert.equal(mentionRef(12), mentionRef("12"));
  assert.notEqual(mentionRef(12), quoteRef(12));
  assert.equal(String(quoteRef(3)), "quote:3");
  assert.equal(parseRef("entity:7"), entityRef(7));
  assert.equal(parseRef("m12"), null);
  assert.equal(parseRef(""), null);
  assert.ok(mentionRef(1).inText && quoteRef(1).inText && !entityRef(1).inText);
  assert.throws(() => mentionRef("x"));
});

test("loading tells the renderers to draw everything, with the history", () => {
  const store = new Store();
  const heard = listening(store);
  store.load({ version: 4, mentions: [], quotes: [], entities: [], history: [{ action: "x" }] });
  assert.equal(heard.length, 1);
  assert.equal(heard[0].reset, true);
  assert.deepEqual(heard[0].history, [{ action: "x" }]);
  assert.equal(store.version, 4);
});

test("items are counted per entity and found by ref and by span", () => {
  const store = loaded();
  assert.equal(store.mentionCount(10), 2);
  assert.equal(store.mentionCount(12), 0);
  assert.equal(store.suggestionsLeft, 3);
  assert.equal(store.item(mentionRef(2)).label, "GPE");
  assert.equal(store.item(entityRef(11)).name, "Baghdad");
  assert.equal(store.item(quoteRef(99)), null);
  assert.equal(store.mentionAt(33, 40).id, 2);
  assert.equal(store.mentionAt(33, 39), null);
  assert.equal(store.mentionAt(53, 72), null); // a quote is there, not a mention
  assert.deepEqual(store.quotesSpokenBy(10), [5]);
  assert.deepEqual(spansOf(store.item(quoteRef(5))), [[53, 72], [78, 82], [70, 76]]);
  // Only entities with mentions are offered, by name.
  assert.deepEqual(store.listedEntities().map((e) => e.name), ["Baghdad", "Nouri Al Maliki"]);
});

test("the next and previous suggestion or annotation, in text order", () => {
  const store = loaded();
  const suggestions = { suggestionsOnly: true };
  const all = { suggestionsOnly: false };
  assert.equal(store.beside(null, 1, suggestions), mentionRef(1));
  assert.equal(store.beside(null, -1, suggestions), null);
  assert.equal(store.beside(mentionRef(1), 1, suggestions), quoteRef(5)); // 2 is accepted
  assert.equal(store.beside(mentionRef(1), 1, all), mentionRef(2));
  assert.equal(store.beside(quoteRef(5), 1, suggestions), mentionRef(3));
  assert.equal(store.beside(mentionRef(3), 1, suggestions), null);
  assert.equal(store.beside(mentionRef(3), -1, all), quoteRef(5));
  // From an accepted item, which is not among the suggestions, the neighbours still count.
  assert.equal(store.beside(mentionRef(2), 1, suggestions), quoteRef(5));
  assert.equal(store.beside(mentionRef(2), -1, suggestions), mentionRef(1));
  // From an entity, the first.
  assert.equal(store.beside(entityRef(10), 1, suggestions), mentionRef(1));
});

test("an answer is told as each item's before and after, once", () => {
  const store = loaded();
  const heard = listening(store);
  const accepted = mention(1, 0, 15, { entity: 10, status: "accepted" });
  store.apply(answer({ mentions: [accepted], event: { action: "mention_status" } }));
  assert.equal(heard.length, 1);
  const [change] = heard;
  assert.equal(change.reset, false);
  assert.equal(change.mentions.length, 1);
  assert.equal(change.mentions[0].ref, mentionRef(1));
  assert.equal(change.mentions[0].before.status, "suggested");
  assert.equal(change.mentions[0].after, accepted);
  assert.deepEqual(change.event, { action: "mention_status" });
  assert.equal(store.version, 2);
  assert.equal(store.suggestionsLeft, 2);
  assert.equal(store.beside(null, 1, { suggestionsOnly: true }), quoteRef(5));
});

test("a rejected or deleted item leaves, and so does the selection on it", () => {
  const store = loaded();
  store.select(mentionRef(3));
  const heard = listening(store);
  store.apply(
    answer({
      mentions: [mention(3, 70, 76, { entity: 10, status: "rejected" })],
      deleted: { mentions: [1], quotes: [5], entities: [] },
    }),
  );
  const [change] = heard;
  assert.deepEqual(
    change.mentions.map((m) => [m.ref, m.after]),
    [
      [mentionRef(3), null],
      [mentionRef(1), null],
    ],
  );
  assert.equal(change.quotes[0].before.id, 5);
  assert.equal(change.quotes[0].after, null);
  assert.deepEqual(change.selection, { before: mentionRef(3), after: null, scroll: false });
  assert.equal(store.selection, null);
  assert.equal(store.mentionCount(10), 0);
  assert.equal(store.suggestionsLeft, 0);
  assert.deepEqual(store.quotesSpokenBy(10), []);
});

test("the entity list is sorted again only when the entities offered change", () => {
  const store = loaded();
  const first = store.listedEntities();
  const stamp = store.entitiesStamp;
  // A status change moves nothing between entities.
  store.apply(answer({ mentions: [mention(1, 0, 15, { entity: 10, status: "accepted" })] }));
  assert.equal(store.entitiesStamp, stamp);
  assert.equal(store.listedEntities(), first);
  // A mention moved to an entity that had none: that entity is now offered.
  store.apply(answer({ mentions: [mention(3, 70, 76, { entity: 12 })] }));
  assert.notEqual(store.entitiesStamp, stamp);
  assert.deepEqual(store.listedEntities().map((e) => e.name), ["Baghdad", "Nobody", "Nouri Al Maliki"]);
  // A rename too.
  const before = store.entitiesStamp;
  store.apply(answer({ entities: [entity(11, "Bagdad", "GPE")] }));
  assert.notEqual(store.entitiesStamp, before);
  assert.equal(store.listedEntities()[0].name, "Bagdad");
});

test("selecting tells the renderers where the selection was and is, and ends speaker picking", () => {
  const store = loaded();
  store.select(quoteRef(5));
  store.setPickSpeaker(true);
  const heard = listening(store);
  store.select(mentionRef(2), { scroll: false });
  assert.deepEqual(heard[0].selection, { before: quoteRef(5), after: mentionRef(2), scroll: false });
  assert.equal(heard[0].pickSpeaker, true);
  assert.equal(store.pickSpeaker, false);
  assert.equal(store.selectedOf("mention").id, 2);
  assert.equal(store.selectedOf("quote"), null);
  assert.equal(store.lastMention, 2);
  store.select(entityRef(10));
  assert.equal(store.lastMention, 2); // the mention an entity panel can split off
  store.setPickSpeaker(false); // no change, no notification
  assert.equal(heard.length, 2);
});

test("a reload after a conflict keeps the selection if its item is still there", () => {
  const store = loaded();
  store.select(mentionRef(2));
  const heard = listening(store);
  store.load({ version: 3, mentions: [mention(2, 33, 40)], quotes: [], entities: [], history: [] });
  assert.equal(store.selection, mentionRef(2));
  assert.equal(heard[0].selection, null);
  store.load({ version: 4, mentions: [], quotes: [], entities: [], history: [] });
  assert.equal(store.selection, null);
  assert.deepEqual(heard[1].selection, { before: mentionRef(2), after: null, scroll: false });
});

test("a renderer can stop listening", () => {
  const store = loaded();
  const heard = [];
  const stop = store.subscribe((change) => heard.push(change));
  store.select(mentionRef(1));
  stop();
  store.select(mentionRef(2));
  assert.equal(heard.length, 1);
});
