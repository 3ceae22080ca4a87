// The correction workspace. The server is the source of truth: every action is sent at
// once with the article version it was based on, and the page redraws only what the
// server says changed. Undo and redo send the reverse actions the server hands back.

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
let sorted = null;
let lastMention = null; // annotations in text order, rebuilt when spans change
const undoStack = [];
const redoStack = [];
let queue = Promise.resolve();

const $ = (selector, within = root) => within.querySelector(selector);
const $$ = (selector, within = root) => [...within.querySelectorAll(selector)];

function load(data) {
  state.version = data.version;
  state.mentions = new Map(data.mentions.map((m) => [m.id, m]));
  state.quotes = new Map(data.quotes.map((q) => [q.id, q]));
  state.entities = new Map(data.entities.map((e) => [e.id, e]));
  sorted = null;
}

function ordered() {
  if (!sorted) {
    const items = [
      ...[...state.mentions.values()].map((m) => ({ key: `m${m.id}`, start: m.start, end: m.end, item: m })),
      ...[...state.quotes.values()].map((q) => ({ key: `q${q.id}`, start: q.start, end: q.end, item: q })),
    ];
    items.sort((a, b) => a.start - b.start || b.end - a.end || a.key.localeCompare(b.key));
    sorted = items;
  }
  return sorted;
}

function currentItem() {
  const key = state.current;
  if (!key) return null;
  const id = Number(key.slice(1));
  if (key[0] === "m") return state.mentions.get(id) ?? null;
  if (key[0] === "q") return state.quotes.get(id) ?? null;
  return state.entities.get(id) ?? null;
}

// ---- drawing -------------------------------------------------------------------------

function view() {
  const currentQuote = state.current?.[0] === "q" ? Number(state.current.slice(1)) : null;
  const focusEntity = state.current?.[0] === "e" ? Number(state.current.slice(1)) : null;
  const quotes = [...state.quotes.values()];
  return {
    mentions: [...state.mentions.values()],
    quotes,
    allQuotes: quotes,
    current: state.current,
    currentQuote,
    focusEntity,
  };
}

function drawAll() {
  const v = view();
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < index.blocks.length; i += 1) fragment.append(drawBlock(index, i, v));
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
  if (!blocks.size) return;
  const v = view();
  for (const b of blocks) {
    const old = textRoot.querySelector(`[data-block="${b}"]`);
    if (old) old.replaceWith(drawBlock(index, b, v));
  }
}

function entityCounts() {
  const counts = new Map();
  for (const m of state.mentions.values()) {
    if (m.entity != null) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
  }
  return counts;
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

function drawEntities() {
  const counts = entityCounts();
  const list = $("[data-entity-list]");
  const entities = [...state.entities.values()].filter((e) => counts.get(e.id));
  entities.sort((a, b) => counts.get(b.id) - counts.get(a.id) || a.name.localeCompare(b.name));
  list.replaceChildren(...entities.map((e) => entityRow(e, counts.get(e.id))));
}

function updateEntityRows(ids) {
  const counts = entityCounts();
  const list = $("[data-entity-list]");
  for (const id of ids) {
    const old = list.querySelector(`[data-entity-row="${id}"]`);
    const entity = state.entities.get(id);
    const count = counts.get(id) ?? 0;
    if (!entity || !count) {
      old?.remove();
    } else if (old) {
      old.replaceWith(entityRow(entity, count));
    } else {
      list.append(entityRow(entity, count));
    }
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
  $("[data-quote-list]").replaceChildren(...quotes.map(quoteRow));
}

function updateQuoteRows(ids) {
  const list = $("[data-quote-list]");
  for (const id of ids) {
    const old = list.querySelector(`[data-quote-row="${id}"]`);
    const quote = state.quotes.get(id);
    if (!quote) {
      old?.remove();
      continue;
    }
    const row = quoteRow(quote);
    if (old) {
      old.replaceWith(row);
      continue;
    }
    const next = [...list.children].find((li) => state.quotes.get(Number(li.dataset.quoteRow))?.start > quote.start);
    list.insertBefore(row, next ?? null);
  }
}

function drawRemaining() {
  let left = 0;
  for (const m of state.mentions.values()) if (m.status === "suggested") left += 1;
  for (const q of state.quotes.values()) if (q.status === "suggested") left += 1;
  $("[data-remaining]").textContent = `${left} suggestion${left === 1 ? "" : "s"} to check`;
}

function option(value, text, selected = false) {
  const o = document.createElement("option");
  o.value = String(value);
  o.textContent = text;
  o.selected = selected;
  return o;
}

function entityOptions(selected, { exclude = null, label = null } = {}) {
  const counts = entityCounts();
  const list = [...state.entities.values()]
    .filter((e) => e.id !== exclude && (counts.get(e.id) || e.id === selected) && (!label || e.label === label))
    .sort((a, b) => a.name.localeCompare(b.name));
  return list.map((e) => option(e.id, `${e.name} (${e.label})`, e.id === selected));
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
    $("[data-mention-entity]").replaceChildren(
      ...entityOptions(item.entity),
      option("split", "A new entity (split it off)"),
    );
  } else if (kind === "q") {
    fill(quoteBox, "text", excerpt(item.start, item.end, 400));
    fill(quoteBox, "status", item.status);
    fill(quoteBox, "origin", item.origin === "machine" ? "pre-tagger" : "person");
    fill(quoteBox, "speaker", speakerText(item));
    fill(quoteBox, "speaker_type", `(${item.speaker_type})`);
    fill(quoteBox, "cue", item.cue ? index.slice(...item.cue) : "none");
    fill(quoteBox, "reason", item.reason || "");
    $("[data-quote-kind]").value = item.kind;
    $("[data-quote-speaker]").replaceChildren(
      option("", "…"),
      ...entityOptions(item.speaker_entity),
      option("anonymous", "anonymous source"),
      option("unknown", "unknown speaker"),
    );
    $("[data-do='pick-speaker']").setAttribute("aria-pressed", String(state.pickSpeaker));
  } else if (kind === "e") {
    const count = entityCounts().get(item.id) ?? 0;
    fill(entityBox, "label", item.label);
    entityBox.querySelector("[data-field='label']").className = `tag tag-${item.label}`;
    fill(entityBox, "name", item.name);
    fill(entityBox, "count", String(count));
    fill(entityBox, "registry", item.registry_name ?? "not linked");
    $("[data-entity-name]").value = item.name;
    $("[data-entity-merge-into]").replaceChildren(...entityOptions(null, { exclude: item.id }));
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
      for (const m of state.mentions.values()) if (m.entity === id) spans.push([m.start, m.end]);
    }
  }
  redraw(spans);
  for (const el of $$("[data-select][aria-pressed='true']")) el.setAttribute("aria-pressed", "false");
  for (const el of $$(`[data-select="${key}"]`)) el.setAttribute("aria-pressed", "true");
  drawInspector();
  if (scroll && item && key[0] !== "e") {
    const el = textRoot.querySelector(key[0] === "m" ? `mark[data-mention="${item.id}"]` : `[data-quote="${item.id}"]`);
    el?.scrollIntoView({ block: "nearest" });
  }
  if (scroll && key) $(`[data-select="${key}"]`)?.scrollIntoView({ block: "nearest" });
}

// ---- applying the server's answer ------------------------------------------------------

function apply(change) {
  state.version = change.version;
  const spans = [];
  const entityIds = new Set();
  const quoteIds = new Set();
  for (const m of change.mentions) {
    const old = state.mentions.get(m.id);
    spans.push(...spansOf(old), [m.start, m.end]);
    if (old?.entity != null) entityIds.add(old.entity);
    if (m.entity != null) entityIds.add(m.entity);
    if (m.status === "rejected") state.mentions.delete(m.id);
    else state.mentions.set(m.id, m);
  }
  for (const id of change.deleted.mentions) {
    const old = state.mentions.get(id);
    spans.push(...spansOf(old));
    if (old?.entity != null) entityIds.add(old.entity);
    state.mentions.delete(id);
  }
  for (const q of change.quotes) {
    spans.push(...spansOf(state.quotes.get(q.id)), ...spansOf(q));
    quoteIds.add(q.id);
    if (q.status === "rejected") state.quotes.delete(q.id);
    else state.quotes.set(q.id, q);
  }
  for (const id of change.deleted.quotes) {
    spans.push(...spansOf(state.quotes.get(id)));
    quoteIds.add(id);
    state.quotes.delete(id);
  }
  for (const e of change.entities) {
    state.entities.set(e.id, e);
    entityIds.add(e.id);
  }
  for (const id of change.deleted.entities) {
    state.entities.delete(id);
    entityIds.add(id);
  }
  // Quotes whose speaker is a changed entity show its new name.
  for (const q of state.quotes.values()) if (entityIds.has(q.speaker_entity)) quoteIds.add(q.id);
  sorted = null;
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
    perform({ op: "mention_create", start: span[0], end: span[1], label: labelName }).then(() => {
      const made = [...state.mentions.values()].find((m) => m.start === span[0] && m.end === span[1] && m.label === labelName);
      if (made) select(`m${made.id}`, { scroll: false });
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
  const items = ordered();
  if (!items.length) return;
  let at = from ? items.findIndex((x) => x.key === from) : -1;
  if (at < 0 && from) {
    const item = currentItem();
    at = item ? items.findIndex((x) => x.start >= item.start) - (step > 0 ? 1 : 0) : -1;
  }
  for (let i = at + step; i >= 0 && i < items.length; i += step) {
    const candidate = items[i];
    if (!suggestionsOnly || candidate.item.status === "suggested") {
      if (candidate.key !== from) select(candidate.key);
      return;
    }
  }
  setStatus(step > 0 ? "Nothing further on." : "Nothing further back.");
}

function quoteFromSelection(kind) {
  const span = textSelection();
  const item = currentItem();
  if (span) {
    clearSelection();
    perform({ op: "quote_create", start: span[0], end: span[1], kind }).then(() => {
      const made = [...state.quotes.values()].find((q) => q.start === span[0] && q.end === span[1]);
      if (made) select(`q${made.id}`, { scroll: false });
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
  const mention = [...state.mentions.values()].find((m) => m.start === span[0] && m.end === span[1]);
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
    const mentions = [...state.mentions.values()].filter((m) => m.entity === id).sort((a, b) => a.start - b.start);
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
