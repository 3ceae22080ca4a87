// The side panels: the article's entities with their counts, its quotes in text order, the
// number of suggestions left, and the latest history. Each redraws only the rows that a
// change touches.

import { describeEvent, excerpt, speakerText } from "./describe.js";
import { ENTITY, QUOTE, entityRef, quoteRef } from "./ids.js";

const HISTORY_SHOWN = 30;

function element(tag, { className, text } = {}) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text != null) el.textContent = text;
  return el;
}

// Rows of one kind, keyed by id, each with a button that selects its item.
class Rows {
  rows = new Map(); // id → row

  constructor(list) {
    this.list = list;
  }

  button(id) {
    return this.rows.get(id)?.querySelector("[data-select]") ?? null;
  }

  // Mark the selected row's button pressed, and bring it into view if asked.
  select(selection, kind) {
    if (!selection) return;
    if (selection.before?.kind === kind) this.button(selection.before.id)?.setAttribute("aria-pressed", "false");
    if (selection.after?.kind !== kind) return;
    const button = this.button(selection.after.id);
    button?.setAttribute("aria-pressed", "true");
    if (selection.scroll) button?.scrollIntoView({ block: "nearest" });
  }
}

export class EntityList extends Rows {
  constructor({ list, store }) {
    super(list);
    this.store = store;
    store.subscribe((change) => this.render(change));
  }

  render(change) {
    if (change.reset) this.#drawAll();
    else this.#update(this.#touched(change));
    this.select(change.selection, ENTITY);
  }

  // The entities whose row shows something else now. A row shows a count: only a mention
  // that comes, goes or moves to another entity changes it.
  #touched(change) {
    const ids = new Set();
    for (const { before, after } of change.mentions) {
      if (before && after && before.entity === after.entity) continue;
      if (before?.entity != null) ids.add(before.entity);
      if (after?.entity != null) ids.add(after.entity);
    }
    for (const { ref } of change.entities) ids.add(ref.id);
    return ids;
  }

  #row(entity, count) {
    const li = document.createElement("li");
    li.dataset.entityRow = String(entity.id);
    const button = element("button", { className: "entity-toggle" });
    button.type = "button";
    button.dataset.select = String(entityRef(entity.id));
    button.setAttribute("aria-pressed", String(this.store.selection === entityRef(entity.id)));
    const name = element("span", { className: "name", text: entity.name });
    if (entity.registry_name) name.title = `registry: ${entity.registry_name}`;
    const number = element("span", { className: "count", text: String(count) });
    number.title = "mentions";
    button.append(element("span", { className: `tag tag-${entity.label}`, text: entity.label }), name, number);
    if (entity.registry) {
      const linked = element("span", { className: "linked", text: "⛓" });
      linked.title = `registry: ${entity.registry_name}`;
      button.append(linked);
    }
    li.append(button);
    return li;
  }

  #drawAll() {
    const { store } = this;
    const entities = [...store.entities.values()].filter((e) => store.mentionCount(e.id));
    entities.sort((a, b) => store.mentionCount(b.id) - store.mentionCount(a.id) || a.name.localeCompare(b.name));
    this.rows.clear();
    for (const e of entities) this.rows.set(e.id, this.#row(e, store.mentionCount(e.id)));
    this.list.replaceChildren(...this.rows.values());
  }

  #update(ids) {
    for (const id of ids) {
      const old = this.rows.get(id);
      const entity = this.store.entities.get(id);
      const count = this.store.mentionCount(id);
      if (!entity || !count) {
        old?.remove();
        this.rows.delete(id);
        continue;
      }
      const row = this.#row(entity, count);
      if (old) old.replaceWith(row);
      else this.list.append(row);
      this.rows.set(id, row);
    }
  }
}

export class QuoteList extends Rows {
  constructor({ list, store, index }) {
    super(list);
    this.store = store;
    this.index = index;
    store.subscribe((change) => this.render(change));
  }

  render(change) {
    if (change.reset) this.#drawAll();
    else this.#update(this.#touched(change));
    this.select(change.selection, QUOTE);
  }

  // The quotes that changed, and those spoken by an entity that was renamed or went.
  #touched(change) {
    const ids = new Set(change.quotes.map(({ ref }) => ref.id));
    for (const { ref, before, after } of change.entities) {
      if (before && after && before.name === after.name && before.label === after.label) continue;
      for (const id of this.store.quotesSpokenBy(ref.id)) ids.add(id);
    }
    return ids;
  }

  #row(quote) {
    const { index, store } = this;
    const li = document.createElement("li");
    li.dataset.quoteRow = String(quote.id);
    li.className = `is-${quote.status}`;
    const button = element("button", { className: "quote-pick" });
    button.type = "button";
    button.dataset.select = String(quoteRef(quote.id));
    button.setAttribute("aria-pressed", String(store.selection === quoteRef(quote.id)));
    button.append(element("q", { text: excerpt(index, quote.start, quote.end) }));
    const meta = element("p", { className: "quote-meta" });
    const cue = quote.cue ? `, cue “${index.slice(...quote.cue)}”` : "";
    meta.append(
      element("span", { className: "kind", text: quote.kind }),
      " — ",
      element("span", { className: "speaker-name", text: speakerText(quote, store, index) }),
      element("span", { text: ` (${quote.speaker_type})${cue} · ${quote.status}` }),
    );
    // A quote inside another (a partial inside a direct one) is the same utterance.
    const outer = [...store.quotes.values()].find(
      (q) => q.id !== quote.id && q.start <= quote.start && quote.end <= q.end && (q.start !== quote.start || q.end !== quote.end),
    );
    if (outer) {
      li.dataset.nested = String(outer.id);
      meta.append(element("span", { className: "nested", text: " · nested in another quote" }));
    }
    li.append(button, meta);
    return li;
  }

  #drawAll() {
    const quotes = [...this.store.quotes.values()].sort((a, b) => a.start - b.start);
    this.rows.clear();
    for (const q of quotes) this.rows.set(q.id, this.#row(q));
    this.list.replaceChildren(...this.rows.values());
  }

  #update(ids) {
    for (const id of ids) {
      const old = this.rows.get(id);
      const quote = this.store.quotes.get(id);
      this.rows.delete(id);
      if (!quote) {
        old?.remove();
        continue;
      }
      const row = this.#row(quote);
      this.rows.set(id, row);
      if (old) old.replaceWith(row);
      else this.list.insertBefore(row, this.#rowAfter(quote));
    }
  }

  // A new quote goes in text order: before the first row that starts after it, found by halving.
  #rowAfter(quote) {
    const rows = this.list.children;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.store.quotes.get(Number(rows[mid].dataset.quoteRow));
      if (!other || other.start <= quote.start) lo = mid + 1;
      else hi = mid;
    }
    return rows[lo] ?? null;
  }
}

// "n suggestions to check".
export function renderRemaining({ output, store }) {
  const render = () => {
    const left = store.suggestionsLeft;
    output.textContent = `${left} suggestion${left === 1 ? "" : "s"} to check`;
  };
  store.subscribe(render);
}

export class HistoryList {
  constructor({ list, store, index }) {
    this.list = list;
    this.store = store;
    this.index = index;
    store.subscribe((change) => this.render(change));
  }

  render(change) {
    if (change.reset) {
      this.list.replaceChildren(...change.history.slice(0, HISTORY_SHOWN).map((e) => this.#row(e)));
    }
    if (change.event) {
      this.list.prepend(this.#row(change.event));
      while (this.list.children.length > HISTORY_SHOWN) this.list.lastElementChild.remove();
    }
  }

  #row(event) {
    const li = document.createElement("li");
    const time = element("time", { text: new Date(event.at).toLocaleTimeString() });
    time.dateTime = event.at;
    // The server's sentence for the event; the page's own wording only if it sent none.
    li.append(time, " ", event.sentence ?? describeEvent(event, this.store, this.index));
    return li;
  }
}
