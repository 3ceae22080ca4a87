// The correction workspace. The server is the source of truth: every action is sent at
// once with the article version it was based on, and the page redraws only what the
// server says changed. Undo and redo send the reverse actions the server hands back.
//
// An action must cost the same on a long article as on a short one, so nothing done per
// action walks all the annotations: they are kept in text order, counted per entity and
// filed per block of text as they change, and the next suggestion is found by a binary
// search.

import { TextIndex, drawBlock, offsetOf, rangeOf } from "./workspace-text.js";

const root = document.querySelector("[data-workspace]");
const textRoot = root.querySelector("[data-ws-text]");
const index = new TextIndex(JSON.parse(document.getElementById("ws-body").textContent));
const initial = JSON.parse(document.getElementById("ws-state").textContent);
const KEY_LABELS = [...root.querySelectorAll("[data-label-key]")].map((b) => b.dataset.labelKey);
const PENDING_KEY = `newsdesk:pending:${root.dataset.article}`;
const UNDO_LIMIT = 200;

const state = {
  version: initial.version,
  mentions: new Map(),
  quotes: new Map(),
  entities: new Map(),
  current: null, // "m12", "q3" or "e7"
  pickSpeaker: false,
};
let lastMention = null; // the mention chosen last, which the entity panel can split off
const undoStack = [];
const redoStack = [];
let queue = Promise.resolve();

// The page's fixed parts are looked up once: they come after the text in the document, so
// each fresh lookup would walk past every highlight of a long article first.
const found = new Map();
function $(selector) {
  if (!found.has(selector)) found.set(selector, root.querySelector(selector));
  return found.get(selector);
}
const $$ = (selector, within = root) => [...within.querySelectorAll(selector)];

// ---- the annotations, indexed -------------------------------------------------------------

// Text order: by start, the longer first, then by key (any fixed order will do).
function before(a, b) {
  return a.start - b.start || b.end - a.end || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

// Entries {key, start, end} kept sorted as they come and go.
class TextOrder {
  constructor() {
    this.entries = [];
  }

  load(entries) {
    this.entries = entries.sort(before);
  }

  // Where `entry` is, or would go.
  position(entry) {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.entries[mid], entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(entry) {
    this.entries.splice(this.position(entry), 0, entry);
  }

  remove(entry) {
    const at = this.position(entry);
    if (this.entries[at]?.key === entry.key) this.entries.splice(at, 1);
  }

  // The entry after (step 1) or before (step -1) `entry`, which need not be listed itself.
  beside(entry, step) {
    const at = this.position(entry);
    if (step < 0) return this.entries[at - 1] ?? null;
    return this.entries[this.entries[at]?.key === entry.key ? at + 1 : at] ?? null;
  }

  get size() {
    return this.entries.length;
  }
}

const inText = new TextOrder(); // every mention and quote
const toCheck = new TextOrder(); // the suggestions among them
const mentionsOf = new Map(); // entity id → ids of its mentions
const quotesSpokenBy = new Map(); // entity id → ids of the quotes it speaks
const inBlock = index.blocks.map(() => new Set()); // block → keys of what is drawn in it
let entitiesStamp = 0; // moves when the entities offered in the menus change

function entryOf(key, item) {
  return { key, start: item.start, end: item.end };
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

// Files an item everywhere but in the two text orders.
function file(key, item) {
  for (const [s, e] of spansOf(item)) for (const b of index.blocksTouching(s, e)) inBlock[b].add(key);
  if (key[0] === "m" && item.entity != null && addTo(mentionsOf, item.entity, item.id) === 1) entitiesStamp += 1;
  if (key[0] === "q" && item.speaker_entity != null) addTo(quotesSpokenBy, item.speaker_entity, item.id);
}

function unfile(key, item) {
  for (const [s, e] of spansOf(item)) for (const b of index.blocksTouching(s, e)) inBlock[b].delete(key);
  if (key[0] === "m" && item.entity != null && takeFrom(mentionsOf, item.entity, item.id) === 0) entitiesStamp += 1;
  if (key[0] === "q" && item.speaker_entity != null) takeFrom(quotesSpokenBy, item.speaker_entity, item.id);
  inText.remove(entryOf(key, item));
  if (item.status === "suggested") toCheck.remove(entryOf(key, item));
}

// Puts a mention or quote as the server now has it (a rejected one leaves the page) and
// returns what it was before.
function put(kind, item) {
  const items = kind === "m" ? state.mentions : state.quotes;
  const key = `${kind}${item.id}`;
  const old = items.get(item.id);
  if (old) unfile(key, old);
  if (item.status === "rejected") {
    items.delete(item.id);
    return old;
  }
  items.set(item.id, item);
  file(key, item);
  inText.add(entryOf(key, item));
  if (item.status === "suggested") toCheck.add(entryOf(key, item));
  return old;
}

function drop(kind, id) {
  const items = kind === "m" ? state.mentions : state.quotes;
  const old = items.get(id);
  if (old) unfile(`${kind}${id}`, old);
  items.delete(id);
  return old;
}

function load(data) {
  state.version = data.version;
  state.mentions = new Map(data.mentions.map((m) => [m.id, m]));
  state.quotes = new Map(data.quotes.map((q) => [q.id, q]));
  state.entities = new Map(data.entities.map((e) => [e.id, e]));
  mentionsOf.clear();
  quotesSpokenBy.clear();
  for (const keys of inBlock) keys.clear();
  const all = [];
  const open = [];
  for (const [kind, items] of [["m", state.mentions], ["q", state.quotes]]) {
    for (const item of items.values()) {
      const key = `${kind}${item.id}`;
      file(key, item);
      all.push(entryOf(key, item));
      if (item.status === "suggested") open.push(entryOf(key, item));
    }
  }
  inText.load(all);
  toCheck.load(open);
  entitiesStamp += 1;
}

function itemOf(key) {
  if (!key) return null;
  const id = Number(key.slice(1));
  if (key[0] === "m") return state.mentions.get(id) ?? null;
  if (key[0] === "q") return state.quotes.get(id) ?? null;
  return state.entities.get(id) ?? null;
}

function currentItem() {
  return itemOf(state.current);
}

function mentionCount(entityId) {
  return mentionsOf.get(entityId)?.size ?? 0;
}

// The mention covering exactly [start, end), if there is one.
function mentionAt(start, end) {
  for (let i = inText.position({ key: "", start, end }); i < inText.size; i += 1) {
    const entry = inText.entries[i];
    if (entry.start !== start || entry.end !== end) break;
    if (entry.key[0] === "m") return state.mentions.get(Number(entry.key.slice(1)));
  }
  return null;
}

// ---- drawing -------------------------------------------------------------------------

let blockElements = []; // block number → its element in the text

function blockView(blockNo) {
  const mentions = [];
  const quotes = [];
  for (const key of inBlock[blockNo]) {
    const item = itemOf(key);
    if (item) (key[0] === "m" ? mentions : quotes).push(item);
  }
  return {
    mentions,
    quotes,
    allQuotes: quotes,
    current: state.current,
    currentQuote: state.current?.[0] === "q" ? Number(state.current.slice(1)) : null,
    focusEntity: state.current?.[0] === "e" ? Number(state.current.slice(1)) : null,
  };
}

function drawAll() {
  const fragment = document.createDocumentFragment();
  blockElements = [];
  for (const [first, last] of index.paragraphs) {
    const paragraph = document.createElement("div");
    paragraph.className = "ws-para";
    paragraph.dataset.blockStart = String(index.blocks[first][0]);
    paragraph.dataset.blockEnd = String(index.blocks[last][1]);
    for (let b = first; b <= last; b += 1) {
      blockElements[b] = drawBlock(index, b, blockView(b));
      paragraph.append(blockElements[b]);
    }
    fragment.append(paragraph);
  }
  textRoot.replaceChildren(fragment);
  drawEntities();
  drawQuotes();
  drawInspector();
  drawRemaining();
}

function spansOf(item) {
  if (!item) return [];
  const spans = [[item.start, item.end]];
  if (item.cue) spans.push(item.cue);
  if (item.speaker) spans.push(item.speaker);
  return spans;
}

function redraw(spans) {
  const blocks = new Set();
  for (const [s, e] of spans) for (const b of index.blocksTouching(s, e)) blocks.add(b);
  for (const b of blocks) {
    const fresh = drawBlock(index, b, blockView(b));
    blockElements[b].replaceWith(fresh);
    blockElements[b] = fresh;
  }
}

function entityRow(entity, count) {
  const li = document.createElement("li");
  li.dataset.entityRow = String(entity.id);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "entity-toggle";
  button.dataset.select = `e${entity.id}`;
  button.setAttribute("aria-pressed", String(state.current === `e${entity.id}`));
  const tag = document.createElement("span");
  tag.className = `tag tag-${entity.label}`;
  tag.textContent = entity.label;
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = entity.name;
  if (entity.registry_name) name.title = `registry: ${entity.registry_name}`;
  const number = document.createElement("span");
  number.className = "count";
  number.title = "mentions";
  number.textContent = String(count);
  button.append(tag, name, number);
  if (entity.registry) {
    const linked = document.createElement("span");
    linked.className = "linked";
    linked.textContent = "⛓";
    linked.title = `registry: ${entity.registry_name}`;
    button.append(linked);
  }
  li.append(button);
  return li;
}

const entityRows = new Map(); // entity id → its row in the side panel
const quoteRows = new Map(); // quote id → its row

function drawEntities() {
  const entities = [...state.entities.values()].filter((e) => mentionCount(e.id));
  entities.sort((a, b) => mentionCount(b.id) - mentionCount(a.id) || a.name.localeCompare(b.name));
  entityRows.clear();
  for (const e of entities) entityRows.set(e.id, entityRow(e, mentionCount(e.id)));
  $("[data-entity-list]").replaceChildren(...entityRows.values());
}

function updateEntityRows(ids) {
  for (const id of ids) {
    const old = entityRows.get(id);
    const entity = state.entities.get(id);
    const count = mentionCount(id);
    if (!entity || !count) {
      old?.remove();
      entityRows.delete(id);
      continue;
    }
    const row = entityRow(entity, count);
    if (old) old.replaceWith(row);
    else $("[data-entity-list]").append(row);
    entityRows.set(id, row);
  }
}

function speakerText(quote) {
  const entity = quote.speaker_entity != null ? state.entities.get(quote.speaker_entity) : null;
  if (entity) return entity.name;
  if (quote.speaker) return index.slice(...quote.speaker);
  return quote.speaker_type === "anonymous" ? "anonymous source" : "unknown speaker";
}

function excerpt(start, end, limit = 160) {
  const text = index.slice(start, end);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function quoteRow(quote) {
  const li = document.createElement("li");
  li.dataset.quoteRow = String(quote.id);
  li.className = `is-${quote.status}`;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "quote-pick";
  button.dataset.select = `q${quote.id}`;
  button.setAttribute("aria-pressed", String(state.current === `q${quote.id}`));
  const q = document.createElement("q");
  q.textContent = excerpt(quote.start, quote.end);
  button.append(q);
  const meta = document.createElement("p");
  meta.className = "quote-meta";
  const kind = document.createElement("span");
  kind.className = "kind";
  kind.textContent = quote.kind;
  const speaker = document.createElement("span");
  speaker.className = "speaker-name";
  speaker.textContent = speakerText(quote);
  const rest = document.createElement("span");
  rest.textContent = ` (${quote.speaker_type})${quote.cue ? `, cue “${index.slice(...quote.cue)}”` : ""} · ${quote.status}`;
  meta.append(kind, " — ", speaker, rest);
  li.append(button, meta);
  return li;
}

function drawQuotes() {
  const quotes = [...state.quotes.values()].sort((a, b) => a.start - b.start);
  quoteRows.clear();
  for (const q of quotes) quoteRows.set(q.id, quoteRow(q));
  $("[data-quote-list]").replaceChildren(...quoteRows.values());
}

function updateQuoteRows(ids) {
  const list = $("[data-quote-list]");
  for (const id of ids) {
    const old = quoteRows.get(id);
    const quote = state.quotes.get(id);
    quoteRows.delete(id);
    if (!quote) {
      old?.remove();
      continue;
    }
    const row = quoteRow(quote);
    quoteRows.set(id, row);
    if (old) {
      old.replaceWith(row);
      continue;
    }
    // A new quote goes in text order: the first row that starts after it, found by halving.
    const rows = list.children;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = state.quotes.get(Number(rows[mid].dataset.quoteRow));
      if (!other || other.start <= quote.start) lo = mid + 1;
      else hi = mid;
    }
    list.insertBefore(row, rows[lo] ?? null);
  }
}

function drawRemaining() {
  const left = toCheck.size;
  $("[data-remaining]").textContent = `${left} suggestion${left === 1 ? "" : "s"} to check`;
}

function option(value, text, selected = false) {
  const o = document.createElement("option");
  o.value = String(value);
  o.textContent = text;
  o.selected = selected;
  return o;
}

let listed = { stamp: -1, entities: [] };

// The entities with mentions, by name; sorted again only when that list changes.
function listedEntities() {
  if (listed.stamp !== entitiesStamp) {
    const entities = [...state.entities.values()].filter((e) => mentionCount(e.id));
    entities.sort((a, b) => a.name.localeCompare(b.name));
    listed = { stamp: entitiesStamp, entities };
  }
  return listed.entities;
}

// Fill a menu of entities, or only move its choice when the list has not changed since.
function entityMenu(menu, selected, { exclude = null, first = [], last = [] } = {}) {
  const extra = selected != null && !mentionCount(selected) ? state.entities.get(selected) : null;
  const stamp = extra ? "" : `${entitiesStamp}:${exclude}`;
  if (!stamp || menu.dataset.stamp !== stamp) {
    const entities = listedEntities().filter((e) => e.id !== exclude);
    if (extra) entities.push(extra);
    if (extra) entities.sort((a, b) => a.name.localeCompare(b.name));
    menu.replaceChildren(...first, ...entities.map((e) => option(e.id, `${e.name} (${e.label})`)), ...last);
    menu.dataset.stamp = stamp;
  }
  if (selected == null) menu.selectedIndex = 0;
  else menu.value = String(selected);
}

function fill(section, field, text) {
  const el = section.querySelector(`[data-field="${field}"]`);
  if (el) el.textContent = text;
}

function drawInspector() {
  const item = currentItem();
  const kind = item ? state.current[0] : null;
  $("[data-inspector-empty]").hidden = Boolean(item);
  const mentionBox = $("[data-inspect-mention]");
  const quoteBox = $("[data-inspect-quote]");
  const entityBox = $("[data-inspect-entity]");
  mentionBox.hidden = kind !== "m";
  quoteBox.hidden = kind !== "q";
  entityBox.hidden = kind !== "e";
  if (kind === "m") {
    fill(mentionBox, "text", index.slice(item.start, item.end));
    fill(mentionBox, "status", `${item.status} · ${item.origin === "machine" ? "pre-tagger" : "person"}`);
    $("[data-mention-label]").value = item.label;
    entityMenu($("[data-mention-entity]"), item.entity, {
      last: [option("split", "A new entity (split it off)")],
    });
  } else if (kind === "q") {
    fill(quoteBox, "text", excerpt(item.start, item.end, 400));
    fill(quoteBox, "status", item.status);
    fill(quoteBox, "origin", item.origin === "machine" ? "pre-tagger" : "person");
    fill(quoteBox, "speaker", speakerText(item));
    fill(quoteBox, "speaker_type", `(${item.speaker_type})`);
    fill(quoteBox, "cue", item.cue ? index.slice(...item.cue) : "none");
    fill(quoteBox, "reason", item.reason || "");
    $("[data-quote-kind]").value = item.kind;
    entityMenu($("[data-quote-speaker]"), item.speaker_entity, {
      first: [option("", "…")],
      last: [option("anonymous", "anonymous source"), option("unknown", "unknown speaker")],
    });
    $("[data-do='pick-speaker']").setAttribute("aria-pressed", String(state.pickSpeaker));
  } else if (kind === "e") {
    const count = mentionCount(item.id);
    fill(entityBox, "label", item.label);
    entityBox.querySelector("[data-field='label']").className = `tag tag-${item.label}`;
    fill(entityBox, "name", item.name);
    fill(entityBox, "count", String(count));
    fill(entityBox, "registry", item.registry_name ?? "not linked");
    $("[data-entity-name]").value = item.name;
    entityMenu($("[data-entity-merge-into]"), null, { exclude: item.id });
    loadRegistryChoices(item);
  }
}

async function loadRegistryChoices(entity) {
  const select = $("[data-entity-registry]");
  select.replaceChildren(option("", "none"));
  const url = new URL(root.dataset.registryUrl, location.href);
  url.searchParams.set("label", entity.label);
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const { results } = await response.json();
    if (state.current !== `e${entity.id}`) return;
    select.replaceChildren(
      option("", "none"),
      ...results.map((r) => option(r.id, r.name, r.id === entity.registry)),
    );
  } catch {
    // The registry list is a convenience; the rest of the page keeps working without it.
  }
}

function select(key, { scroll = true } = {}) {
  const previous = currentItem();
  const previousKey = state.current;
  state.current = key;
  // Remembered so the entity panel can split the last chosen mention off.
  if (key?.[0] === "m") lastMention = Number(key.slice(1));
  state.pickSpeaker = false;
  const item = currentItem();
  const spans = [...spansOf(previousKey?.[0] === "e" ? null : previous), ...spansOf(key?.[0] === "e" ? null : item)];
  if (previousKey?.[0] === "e" || key?.[0] === "e") {
    // Entity focus marks its mentions: redraw the blocks holding them.
    for (const id of [previousKey, key].filter((k) => k?.[0] === "e").map((k) => Number(k.slice(1)))) {
      for (const m of mentionsOf.get(id) ?? []) spans.push(spansOf(state.mentions.get(m))[0]);
    }
  }
  redraw(spans);
  rowButton(previousKey)?.setAttribute("aria-pressed", "false");
  rowButton(key)?.setAttribute("aria-pressed", "true");
  drawInspector();
  if (scroll && item && key[0] !== "e") {
    const block = blockElements[index.blockAt(item.start)];
    const el = block?.querySelector(key[0] === "m" ? `mark[data-mention="${item.id}"]` : `[data-quote="${item.id}"]`);
    el?.scrollIntoView({ block: "nearest" });
  }
  if (scroll) rowButton(key)?.scrollIntoView({ block: "nearest" });
}

// The button of an entity's or a quote's row in the side panel.
function rowButton(key) {
  const rows = key?.[0] === "e" ? entityRows : key?.[0] === "q" ? quoteRows : null;
  return rows?.get(Number(key.slice(1)))?.querySelector("[data-select]") ?? null;
}

// ---- applying the server's answer ------------------------------------------------------

function apply(change) {
  state.version = change.version;
  const spans = [];
  const entityIds = new Set();
  const quoteIds = new Set();
  for (const m of change.mentions) {
    const old = put("m", m);
    spans.push(...spansOf(old), [m.start, m.end]);
    // An entity's row shows its count: only a mention that comes, goes or moves changes it.
    if (!old || old.entity !== m.entity || m.status === "rejected") {
      if (old?.entity != null) entityIds.add(old.entity);
      if (m.entity != null) entityIds.add(m.entity);
    }
  }
  for (const id of change.deleted.mentions) {
    const old = drop("m", id);
    spans.push(...spansOf(old));
    if (old?.entity != null) entityIds.add(old.entity);
  }
  for (const q of change.quotes) {
    spans.push(...spansOf(put("q", q)), ...spansOf(q));
    quoteIds.add(q.id);
  }
  for (const id of change.deleted.quotes) {
    spans.push(...spansOf(drop("q", id)));
    quoteIds.add(id);
  }
  const renamed = [];
  for (const e of change.entities) {
    const old = state.entities.get(e.id);
    state.entities.set(e.id, e);
    entityIds.add(e.id);
    if (!old || old.name !== e.name || old.label !== e.label) renamed.push(e.id);
  }
  for (const id of change.deleted.entities) {
    state.entities.delete(id);
    entityIds.add(id);
    renamed.push(id);
  }
  if (renamed.length) entitiesStamp += 1;
  // Quotes spoken by a renamed entity show its new name.
  for (const id of renamed) for (const q of quotesSpokenBy.get(id) ?? []) quoteIds.add(q);
  if (state.current && !currentItem()) state.current = null;
  redraw(spans);
  updateEntityRows(entityIds);
  updateQuoteRows(quoteIds);
  drawInspector();
  drawRemaining();
  if (change.event) addHistory(change.event, true);
}

function describeEvent(event) {
  const parts = [event.actor, event.action.replaceAll("_", " ")];
  const target = event.target;
  if (target.startsWith("mention:")) {
    const m = state.mentions.get(Number(target.slice(8)));
    const text = m ? index.slice(m.start, m.end) : event.before?.text ?? event.after?.text;
    if (text) parts.push(`“${text}”`);
  } else if (target.startsWith("quote:")) {
    const q = state.quotes.get(Number(target.slice(6)));
    if (q) parts.push(`“${excerpt(q.start, q.end, 40)}”`);
  } else if (target.startsWith("entity:")) {
    const e = state.entities.get(Number(target.slice(7)));
    if (e) parts.push(e.name);
  } else if (target) {
    parts.push(target);
  }
  if (event.before && event.after && typeof event.before === "object") {
    const diffs = Object.keys(event.after)
      .filter((k) => ["label", "status", "name", "kind", "speaker_type"].includes(k))
      .map((k) => `${k}: ${event.before[k] ?? "—"} → ${event.after[k]}`);
    if (diffs.length) parts.push(`(${diffs.join(", ")})`);
  }
  return parts.join(" ");
}

function addHistory(event, prepend) {
  const list = $("[data-history-list]");
  const li = document.createElement("li");
  const time = document.createElement("time");
  time.dateTime = event.at;
  time.textContent = new Date(event.at).toLocaleTimeString();
  li.append(time, " ", describeEvent(event));
  if (prepend) list.prepend(li);
  else list.append(li);
  while (list.children.length > 30) list.lastElementChild.remove();
}

// ---- saving ---------------------------------------------------------------------------

function setStatus(text) {
  $("[data-save-status]").textContent = text;
}

function showError(text) {
  const box = $("[data-error]");
  box.textContent = text;
  box.hidden = !text;
}

function describeOp(op) {
  const target = op.id != null ? (state.mentions.get(op.id) ?? state.quotes.get(op.id)) : null;
  const what = op.op.replaceAll("_", " ");
  const text = op.start != null ? index.slice(op.start, op.end) : target ? index.slice(target.start, target.end) : "";
  const details = ["label", "status", "kind", "name", "speaker_type"].filter((k) => op[k]).map((k) => `${k} ${op[k]}`);
  return [what, text && `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`, details.join(", ")].filter(Boolean).join(" ");
}

// Every action goes through here, one at a time, in the order the annotator made them.
function perform(op, history = "do") {
  queue = queue.then(() => send(op, history)).catch((error) => {
    setStatus("Not saved.");
    showError(`Could not save: ${error.message}. Your action is kept; try again.`);
    keepPending(op, history);
  });
  return queue;
}

async function send(op, history) {
  setStatus("Saving…");
  const started = performance.now();
  const response = await fetch(root.dataset.actionUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf, Accept: "application/json" },
    body: JSON.stringify({ ...op, version: state.version }),
  });
  const data = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
  if (response.status === 409) {
    conflict(op, history, data);
    return;
  }
  if (!response.ok) {
    setStatus("Not saved.");
    showError(`Not saved: ${data.error ?? response.status}`);
    return;
  }
  showError("");
  apply(data);
  if (history === "undo") redoStack.push(data.undo);
  else {
    undoStack.push(data.undo);
    if (undoStack.length > UNDO_LIMIT) undoStack.shift();
    if (history === "do") redoStack.length = 0;
  }
  root.dataset.lastActionMs = String(Math.round(performance.now() - started));
  setStatus(`Saved (version ${state.version}).`);
  return data;
}

function keepPending(op, history) {
  localStorage.setItem(PENDING_KEY, JSON.stringify({ op, history }));
}

function conflict(op, history, data) {
  keepPending(op, history);
  load(data.state);
  const keep = state.current;
  drawAll();
  if (keep && currentItem()) select(keep, { scroll: false });
  $("[data-history-list]").replaceChildren();
  for (const event of data.state.history) addHistory(event, false);
  const list = $("[data-conflict-changes]");
  list.replaceChildren(
    ...data.changes.map((event) => {
      const li = document.createElement("li");
      li.textContent = describeEvent(event);
      return li;
    }),
  );
  setStatus("Not saved: the article changed.");
  showPending();
}

function showPending() {
  const raw = localStorage.getItem(PENDING_KEY);
  const box = $("[data-conflict]");
  if (!raw) {
    box.hidden = true;
    return;
  }
  const { op } = JSON.parse(raw);
  $("[data-conflict-action]").textContent = describeOp(op);
  box.hidden = false;
  $("[data-conflict-apply]").focus();
}

function pendingApply() {
  const raw = localStorage.getItem(PENDING_KEY);
  localStorage.removeItem(PENDING_KEY);
  $("[data-conflict]").hidden = true;
  if (raw) {
    const { op, history } = JSON.parse(raw);
    perform(op, history);
  }
  textRoot.focus();
}

function pendingDiscard() {
  localStorage.removeItem(PENDING_KEY);
  $("[data-conflict]").hidden = true;
  setStatus("Your action was discarded.");
  textRoot.focus();
}

function undo() {
  const op = undoStack.pop();
  if (!op) return setStatus("Nothing to undo.");
  perform(op, "undo");
}

function redo() {
  const op = redoStack.pop();
  if (!op) return setStatus("Nothing to redo.");
  perform(op, "redo");
}

// ---- what the keys and buttons do ----------------------------------------------------------

function textSelection() {
  const selection = getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!textRoot.contains(range.startContainer) || !textRoot.contains(range.endContainer)) return null;
  const start = offsetOf(textRoot, range.startContainer, range.startOffset);
  const end = offsetOf(textRoot, range.endContainer, range.endOffset);
  if (start == null || end == null) return null;
  return index.snap(start, end);
}

function showSelection(span) {
  const selection = getSelection();
  selection.removeAllRanges();
  if (span) selection.addRange(rangeOf(textRoot, index, span[0], span[1]));
}

function clearSelection() {
  getSelection().removeAllRanges();
  wordCursor = null;
}

function label(labelName) {
  const span = textSelection();
  const item = currentItem();
  if (span) {
    clearSelection();
    perform({ op: "mention_create", start: span[0], end: span[1], label: labelName }).then((saved) => {
      const made = saved?.mentions[0];
      if (made && state.mentions.has(made.id)) select(`m${made.id}`, { scroll: false });
    });
  } else if (item && state.current[0] === "m") {
    if (item.label !== labelName) perform({ op: "mention_update", id: item.id, label: labelName });
  } else {
    setStatus("Select some words first, or a mention to relabel.");
  }
}

function setStatusOfCurrent(status) {
  const item = currentItem();
  if (!item || state.current[0] === "e") return;
  const op = state.current[0] === "m" ? "mention_update" : "quote_update";
  const key = state.current;
  if (status === "rejected") moveTo(1, true, key);
  if (item.status !== status) perform({ op, id: item.id, status });
  if (status === "accepted") moveTo(1, true);
}

function deleteCurrent() {
  const item = currentItem();
  if (!item || state.current[0] === "e") return;
  const op = state.current[0] === "m" ? "mention_delete" : "quote_delete";
  const key = state.current;
  moveTo(1, true, key);
  perform({ op, id: item.id });
}

function moveTo(step, suggestionsOnly, from = state.current) {
  const order = suggestionsOnly ? toCheck : inText;
  const item = from?.[0] === "e" ? null : itemOf(from);
  // From a mention or quote, the neighbour in text order; from nothing, the first.
  const next = item ? order.beside(entryOf(from, item), step) : step > 0 ? order.entries[0] : null;
  if (next) {
    if (next.key !== from) select(next.key);
    return;
  }
  setStatus(step > 0 ? "Nothing further on." : "Nothing further back.");
}

function quoteFromSelection(kind) {
  const span = textSelection();
  const item = currentItem();
  if (span) {
    clearSelection();
    perform({ op: "quote_create", start: span[0], end: span[1], kind }).then((saved) => {
      const made = saved?.quotes[0];
      if (made && state.quotes.has(made.id)) select(`q${made.id}`, { scroll: false });
    });
  } else if (item && state.current[0] === "q") {
    if (item.kind !== kind) perform({ op: "quote_update", id: item.id, kind });
  } else {
    setStatus("Select the quoted words first.");
  }
}

function boundsFromSelection() {
  const span = textSelection();
  const item = currentItem();
  if (!span || !item || state.current[0] === "e") return setStatus("Select an item, then the words it should cover.");
  clearSelection();
  perform({ op: state.current[0] === "m" ? "mention_update" : "quote_update", id: item.id, start: span[0], end: span[1] });
}

function currentQuote() {
  return state.current?.[0] === "q" ? currentItem() : null;
}

function cueFromSelection() {
  const quote = currentQuote();
  const span = textSelection();
  if (!quote || !span) return setStatus("Select a quote, then the words of its cue.");
  clearSelection();
  perform({ op: "quote_update", id: quote.id, cue: span });
}

function speakerType(entity) {
  return entity?.label === "ORG" ? "organisation" : entity?.label === "NORP" ? "group" : "named";
}

function speakerFromMention(quote, mention) {
  const entity = mention.entity != null ? state.entities.get(mention.entity) : null;
  perform({
    op: "quote_update",
    id: quote.id,
    speaker: [mention.start, mention.end],
    speaker_entity: mention.entity ?? null,
    speaker_type: speakerType(entity),
  });
}

function speakerFromSelection() {
  const quote = currentQuote();
  if (!quote) return setStatus("Select a quote first.");
  const span = textSelection();
  if (!span) {
    $("[data-quote-speaker]").focus();
    return;
  }
  clearSelection();
  const mention = mentionAt(span[0], span[1]);
  if (mention) return speakerFromMention(quote, mention);
  perform({ op: "quote_update", id: quote.id, speaker: span, speaker_entity: null, speaker_type: "named" });
}

function speakerChosen(value) {
  const quote = currentQuote();
  if (!quote || !value) return;
  if (value === "anonymous") {
    perform({ op: "quote_update", id: quote.id, speaker_entity: null, speaker_type: "anonymous" });
  } else if (value === "unknown") {
    perform({ op: "quote_update", id: quote.id, speaker: null, speaker_entity: null, speaker_type: "unknown" });
  } else {
    // The entity's mention nearest before the quote (or else the first) is the speaker span.
    const id = Number(value);
    const mentions = [...(mentionsOf.get(id) ?? [])].map((m) => state.mentions.get(m)).sort((a, b) => a.start - b.start);
    const near = mentions.filter((m) => m.end <= quote.end).pop() ?? mentions[0];
    if (near) speakerFromMention(quote, near);
    else perform({ op: "quote_update", id: quote.id, speaker_entity: id, speaker_type: speakerType(state.entities.get(id)) });
  }
}

let wordCursor = null; // [anchor word, focus word] for keyboard selection

function moveWord(step, extend) {
  const words = index.words();
  if (!words.length) return;
  if (!wordCursor) {
    const span = textSelection();
    const item = currentItem();
    const from = span ? span[step > 0 ? 1 : 0] - (step > 0 ? 1 : 0) : item && state.current[0] !== "e" ? item.start : 0;
    const at = index.wordIndexAt(from);
    wordCursor = [at, at];
    if (!span && !item) step = 0;
  }
  const focus = Math.max(0, Math.min(words.length - 1, wordCursor[1] + step));
  wordCursor = extend ? [wordCursor[0], focus] : [focus, focus];
  const a = words[Math.min(wordCursor[0], wordCursor[1])];
  const b = words[Math.max(wordCursor[0], wordCursor[1])];
  showSelection([a[0], b[1]]);
  const range = getSelection().getRangeAt(0);
  (range.startContainer.parentElement ?? textRoot).scrollIntoView({ block: "nearest" });
}

function typing(target) {
  return target.closest("input, select, textarea, [contenteditable]") !== null;
}

function focusControl(selector) {
  const el = $(selector);
  if (el && !el.closest("[hidden]")) el.focus();
}

function onKey(event) {
  const help = $("[data-help]");
  if (event.key === "Escape") {
    if (help.open) return;
    state.pickSpeaker = false;
    clearSelection();
    if (typing(event.target) || $("[data-inspector]").contains(event.target)) textRoot.focus();
    return;
  }
  if (typing(event.target) || help.open) return;
  if (event.target.closest("button") && event.key === "Enter") return;
  const ctrl = event.ctrlKey || event.metaKey;
  const key = event.key;
  const digit = /^Digit([1-9])$/.exec(event.code);
  let handled = true;
  if (ctrl && !event.altKey && key.toLowerCase() === "z") event.shiftKey ? redo() : undo();
  else if (ctrl && key.toLowerCase() === "y") redo();
  else if (ctrl || event.altKey) handled = false;
  else if (digit && event.shiftKey) perform({ op: "suggestions_accept", label: KEY_LABELS[Number(digit[1]) - 1] });
  else if (digit) label(KEY_LABELS[Number(digit[1]) - 1]);
  else if (key === "?") help.showModal();
  else if (key === "j") moveTo(1, true);
  else if (key === "k") moveTo(-1, true);
  else if (key === "J") moveTo(1, false);
  else if (key === "K") moveTo(-1, false);
  else if (key === "a") setStatusOfCurrent("accepted");
  else if (key === "A") perform({ op: "suggestions_accept" });
  else if (key === "r") setStatusOfCurrent("rejected");
  else if (key === "x" || key === "Delete" || key === "Backspace") deleteCurrent();
  else if (key === "z") undo();
  else if (key === "y") redo();
  else if (key === "q") quoteFromSelection("direct");
  else if (key === "p") quoteFromSelection("partial");
  else if (key === "i") quoteFromSelection("indirect");
  else if (key === "b") boundsFromSelection();
  else if (key === "c") cueFromSelection();
  else if (key === "s") speakerFromSelection();
  else if (key === "o") speakerChosen("anonymous");
  else if (key === "u") speakerChosen("unknown");
  else if (key === "l") focusControl("[data-mention-label]");
  else if (key === "e") focusControl("[data-mention-entity]");
  else if (key === "ArrowRight" || key === "ArrowLeft") moveWord(key === "ArrowRight" ? 1 : -1, event.shiftKey);
  else if (key === "Enter") {
    const first = $$("select, input, button", $("[data-inspector]")).find((el) => !el.closest("[hidden]"));
    first?.focus();
  } else handled = false;
  if (handled) event.preventDefault();
}

function onClick(event) {
  const selectButton = event.target.closest("[data-select]");
  if (selectButton) return select(selectButton.dataset.select);
  const labelButton = event.target.closest("[data-label-key]");
  if (labelButton) return label(labelButton.dataset.labelKey);
  const acceptLabel = event.target.closest("[data-accept-label]");
  if (acceptLabel) return perform({ op: "suggestions_accept", label: acceptLabel.dataset.acceptLabel });
  if (event.target.closest("[data-accept-all]")) return perform({ op: "suggestions_accept" });
  if (event.target.closest("[data-help-open]")) return $("[data-help]").showModal();
  if (event.target.closest("[data-help-close]")) return $("[data-help]").close();
  if (event.target.closest("[data-conflict-apply]")) return pendingApply();
  if (event.target.closest("[data-conflict-discard]")) return pendingDiscard();
  const action = event.target.closest("[data-do]")?.dataset.do;
  if (action) return doButton(action);
  if (!textRoot.contains(event.target) || !getSelection().isCollapsed) return;
  wordCursor = null;
  const mark = event.target.closest("mark[data-mention]");
  const quote = currentQuote();
  if (mark && state.pickSpeaker && quote) {
    state.pickSpeaker = false;
    speakerFromMention(quote, state.mentions.get(Number(mark.dataset.mention)));
    return;
  }
  if (mark) return select(`m${mark.dataset.mention}`, { scroll: false });
  const quoteEl = event.target.closest("[data-quote]");
  if (quoteEl) return select(`q${quoteEl.dataset.quote}`, { scroll: false });
}

function doButton(action) {
  const item = currentItem();
  if (action === "accept") setStatusOfCurrent("accepted");
  else if (action === "reject") setStatusOfCurrent("rejected");
  else if (action === "delete") deleteCurrent();
  else if (action === "bounds") boundsFromSelection();
  else if (action === "cue") cueFromSelection();
  else if (action === "anonymous") speakerChosen("anonymous");
  else if (action === "unknown") speakerChosen("unknown");
  else if (action === "pick-speaker") {
    state.pickSpeaker = !state.pickSpeaker;
    $("[data-do='pick-speaker']").setAttribute("aria-pressed", String(state.pickSpeaker));
    setStatus(state.pickSpeaker ? "Click the mention that is the speaker." : "");
  } else if (action === "show-entity" && item?.entity != null) select(`e${item.entity}`);
  else if (action === "registry-add" && state.current?.[0] === "e") perform({ op: "registry_add", id: item.id });
  else if (action === "split") {
    const mention = lastMention && state.mentions.get(lastMention);
    if (!mention || mention.entity !== item?.id) return setStatus("Select a mention of this entity first.");
    perform({ op: "entity_split", mentions: [mention.id] });
  }
}

function onChange(event) {
  const item = currentItem();
  const target = event.target;
  if (target.matches("[data-label-more]") && target.value) {
    label(target.value);
    target.value = "";
  } else if (target.matches("[data-mention-label]") && item) {
    perform({ op: "mention_update", id: item.id, label: target.value });
  } else if (target.matches("[data-mention-entity]") && item) {
    if (target.value === "split") perform({ op: "entity_split", mentions: [item.id] });
    else perform({ op: "mention_update", id: item.id, entity: Number(target.value) });
  } else if (target.matches("[data-quote-kind]") && item) {
    perform({ op: "quote_update", id: item.id, kind: target.value });
  } else if (target.matches("[data-quote-speaker]")) {
    speakerChosen(target.value);
  }
}

function onSubmit(event) {
  const form = event.target;
  const entity = state.current?.[0] === "e" ? currentItem() : null;
  if (!form.closest("[data-inspector]")) return;
  event.preventDefault();
  if (!entity) return;
  if (form.matches("[data-entity-rename]")) {
    perform({ op: "entity_rename", id: entity.id, name: form.elements.name.value });
  } else if (form.matches("[data-entity-merge]") && form.elements.into.value) {
    perform({ op: "entity_merge", id: entity.id, into: Number(form.elements.into.value) }).then(() => {
      select(`e${Number(form.elements.into.value)}`);
    });
  } else if (form.matches("[data-entity-link]")) {
    const value = form.elements.registry.value;
    perform({ op: "entity_link", id: entity.id, registry: value ? Number(value) : null });
  }
}

function onMouseUp(event) {
  if (!textRoot.contains(event.target)) return;
  const span = textSelection();
  if (span) {
    wordCursor = null;
    showSelection(span); // the selection visibly snaps to whole words
  }
}

load(initial);
drawAll();
for (const event of initial.history) addHistory(event, false);
document.addEventListener("keydown", onKey);
root.addEventListener("click", onClick);
root.addEventListener("change", onChange);
root.addEventListener("submit", onSubmit);
textRoot.addEventListener("mouseup", onMouseUp);
showPending();
root.dataset.ready = "true";
