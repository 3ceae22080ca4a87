// The inspector: the selected mention, quote or entity, with its controls. It shows the
// store's selection after every change.

import { excerpt, speakerText } from "./describe.js";
import { ENTITY, MENTION, QUOTE, entityRef } from "./ids.js";

export function option(value, text, selected = false) {
  const o = document.createElement("option");
  o.value = String(value);
  o.textContent = text;
  o.selected = selected;
  return o;
}

function fill(section, field, text) {
  const el = section.querySelector(`[data-field="${field}"]`);
  if (el) el.textContent = text;
}

const origin = (item) => (item.origin === "machine" ? "pre-tagger" : "person");

export class Inspector {
  // `registryChoices(label)` resolves to the registry entries an entity of that label may
  // link to.
  constructor({ root, store, index, registryChoices }) {
    this.root = root;
    this.store = store;
    this.index = index;
    this.registryChoices = registryChoices;
    const $ = (selector) => root.querySelector(selector);
    this.parts = {
      empty: $("[data-inspector-empty]"),
      mention: $("[data-inspect-mention]"),
      quote: $("[data-inspect-quote]"),
      entity: $("[data-inspect-entity]"),
      mentionLabel: $("[data-mention-label]"),
      mentionEntity: $("[data-mention-entity]"),
      quoteKind: $("[data-quote-kind]"),
      quoteSpeaker: $("[data-quote-speaker]"),
      pickSpeaker: $("[data-do='pick-speaker']"),
      entityName: $("[data-entity-name]"),
      mergeInto: $("[data-entity-merge-into]"),
      registry: $("[data-entity-registry]"),
    };
    store.subscribe(() => this.render());
  }

  render() {
    const { store, parts } = this;
    const item = store.selected;
    const kind = item ? store.selection.kind : null;
    parts.empty.hidden = Boolean(item);
    parts.mention.hidden = kind !== MENTION;
    parts.quote.hidden = kind !== QUOTE;
    parts.entity.hidden = kind !== ENTITY;
    if (kind === MENTION) this.#mention(item);
    else if (kind === QUOTE) this.#quote(item);
    else if (kind === ENTITY) this.#entity(item);
  }

  #mention(mention) {
    const { parts } = this;
    fill(parts.mention, "text", this.index.slice(mention.start, mention.end));
    fill(parts.mention, "status", `${mention.status} · ${origin(mention)}`);
    parts.mentionLabel.value = mention.label;
    this.#entityMenu(parts.mentionEntity, mention.entity, {
      last: [option("split", "A new entity (split it off)")],
    });
  }

  #quote(quote) {
    const { parts, index, store } = this;
    fill(parts.quote, "text", excerpt(index, quote.start, quote.end, 400));
    fill(parts.quote, "status", quote.status);
    fill(parts.quote, "origin", origin(quote));
    fill(parts.quote, "speaker", speakerText(quote, store, index));
    fill(parts.quote, "speaker_type", `(${quote.speaker_type})`);
    fill(parts.quote, "cue", quote.cue ? index.slice(...quote.cue) : "none");
    fill(parts.quote, "reason", quote.reason || "");
    parts.quoteKind.value = quote.kind;
    this.#entityMenu(parts.quoteSpeaker, quote.speaker_entity, {
      first: [option("", "…")],
      last: [option("anonymous", "anonymous source"), option("unknown", "unknown speaker")],
    });
    parts.pickSpeaker.setAttribute("aria-pressed", String(store.pickSpeaker));
  }

  #entity(entity) {
    const { parts } = this;
    const label = parts.entity.querySelector("[data-field='label']");
    label.textContent = entity.label;
    label.className = `tag tag-${entity.label}`;
    fill(parts.entity, "name", entity.name);
    fill(parts.entity, "count", String(this.store.mentionCount(entity.id)));
    fill(parts.entity, "registry", entity.registry_name ?? "not linked");
    parts.entityName.value = entity.name;
    // Never a choice made for the annotator: one click must not fold a person into a date.
    this.#entityMenu(parts.mergeInto, null, { exclude: entity.id, first: [option("", "choose an entity…")] });
    this.#registryMenu(entity);
  }

  // Fill a menu of entities, or only move its choice when the list has not changed since.
  #entityMenu(menu, selected, { exclude = null, first = [], last = [] } = {}) {
    const { store } = this;
    const extra = selected != null && !store.mentionCount(selected) ? store.entities.get(selected) : null;
    const stamp = extra ? "" : `${store.entitiesStamp}:${exclude}`;
    if (!stamp || menu.dataset.stamp !== stamp) {
      const entities = store.listedEntities().filter((e) => e.id !== exclude);
      if (extra) {
        entities.push(extra);
        entities.sort((a, b) => a.name.localeCompare(b.name));
      }
      menu.replaceChildren(...first, ...entities.map((e) => option(e.id, `${e.name} (${e.label})`)), ...last);
      menu.dataset.stamp = stamp;
    }
    if (selected == null) menu.selectedIndex = 0;
    else menu.value = String(selected);
  }

  async #registryMenu(entity) {
    const select = this.parts.registry;
    select.replaceChildren(option("", "none"));
    const results = await this.registryChoices(entity.label);
    if (!results || this.store.selection !== entityRef(entity.id)) return;
    select.replaceChildren(option("", "none"), ...results.map((r) => option(r.id, r.name, r.id === entity.registry)));
  }
}
