// What the keys and buttons do. Each command reads the store and the text selection, and
// either sends an action to the server or moves the selection; the renderers, subscribed to
// the store, show the result. The key map names these commands.

import { ENTITY, MENTION, QUOTE, entityRef, mentionRef, quoteRef } from "./ids.js";
import { antecedentOf, isPronoun } from "./pronouns.js";

const SELECT_WORDS = "Select some words first, or a mention to relabel.";

export class Commands {
  // `vocabulary` is the server's: its mention labels (the first nine have number keys) and
  // the kind of speaker each label names.
  constructor({ root, textRoot, store, client, selection, feedback, vocabulary }) {
    Object.assign(this, { textRoot, store, client, selection, feedback });
    this.confirm = (question) => globalThis.confirm(question);
    this.keyLabels = vocabulary.mention_labels.slice(0, 9);
    this.speakerTypes = vocabulary.speaker_type_by_label;
    // The fixed parts come after the text: each is looked up once, not at every key.
    const $ = (selector) => root.querySelector(selector);
    this.help = $("[data-help]");
    this.inspector = $("[data-inspector]");
    this.menus = {
      label: $("[data-mention-label]"),
      entity: $("[data-mention-entity]"),
      speaker: $("[data-quote-speaker]"),
    };
  }

  #perform(op) {
    return this.client.perform(op);
  }

  #status(text) {
    this.feedback.status(text);
  }

  // ---- moving about --------------------------------------------------------------------

  select(itemRef, options) {
    this.store.select(itemRef, options);
  }

  // To the next (1) or previous (-1) suggestion, or annotation of any kind.
  move(step, { suggestionsOnly }, from = this.store.selection) {
    const next = this.store.beside(from, step, { suggestionsOnly });
    if (next) {
      if (next !== from) this.select(next);
      return;
    }
    this.#status(step > 0 ? "Nothing further on." : "Nothing further back.");
  }

  word(step, { extend }) {
    const item = this.store.selection?.inText ? this.store.selected : null;
    this.selection.moveWord(step, { extend, fromOffset: item ? item.start : null });
  }

  static #focusShown(control) {
    if (control && !control.closest("[hidden]")) control.focus();
  }

  labelMenu() {
    Commands.#focusShown(this.menus.label);
  }

  entityMenu() {
    Commands.#focusShown(this.menus.entity);
  }

  // Enter: to the first control of the selected item.
  controls() {
    const controls = this.inspector.querySelectorAll("select, input, button");
    [...controls].find((el) => !el.closest("[hidden]"))?.focus();
  }

  // Escape: no speaker to pick, no words selected, and back to the text from a control.
  back() {
    this.store.setPickSpeaker(false);
    this.selection.clear();
    const focused = document.activeElement;
    const inField = focused?.closest("input, select, textarea, [contenteditable]");
    if (inField || this.inspector.contains(focused)) this.textRoot.focus();
  }

  showHelp() {
    this.help.showModal();
  }

  // ---- mentions ------------------------------------------------------------------------

  // A number key: the label it stands for.
  label(keyIndex) {
    this.labelAs(this.keyLabels[keyIndex]);
  }

  labelAs(label) {
    const span = this.selection.span;
    const mention = this.store.selectedOf(MENTION);
    if (span) {
      this.selection.clear();
      this.#perform({ op: "mention_create", start: span[0], end: span[1], label }).then((saved) => {
        const made = saved?.mentions[0];
        if (made && this.store.mentions.has(made.id)) this.select(mentionRef(made.id), { scroll: false });
      });
    } else if (mention) {
      if (mention.label !== label) this.#perform({ op: "mention_update", id: mention.id, label });
    } else {
      this.#status(SELECT_WORDS);
    }
  }

  acceptLabel(keyIndex) {
    this.acceptAll(this.keyLabels[keyIndex]);
  }

  acceptAll(label) {
    this.#perform(label ? { op: "suggestions_accept", label } : { op: "suggestions_accept" });
  }

  // Accept or reject the selected mention or quote, and go on to the next suggestion.
  setStatus(status) {
    const item = this.store.selected;
    const from = this.store.selection;
    if (!item || !from.inText) return;
    const op = from.isMention ? "mention_update" : "quote_update";
    if (status === "rejected") this.move(1, { suggestionsOnly: true }, from);
    if (item.status !== status) this.#perform({ op, id: item.id, status });
    if (status === "accepted") this.move(1, { suggestionsOnly: true });
  }

  delete() {
    const item = this.store.selected;
    const from = this.store.selection;
    if (!item || !from.inText) return;
    this.move(1, { suggestionsOnly: true }, from);
    this.#perform({ op: from.isMention ? "mention_delete" : "quote_delete", id: item.id });
  }

  bounds() {
    const span = this.selection.span;
    const item = this.store.selected;
    const from = this.store.selection;
    if (!span || !item || !from.inText) return this.#status("Select an item, then the words it should cover.");
    this.selection.clear();
    const op = from.isMention ? "mention_update" : "quote_update";
    this.#perform({ op, id: item.id, start: span[0], end: span[1] });
  }

  // ---- quotes --------------------------------------------------------------------------

  quote(kind) {
    const span = this.selection.span;
    const quote = this.store.selectedOf(QUOTE);
    if (span) {
      const over = [...this.store.quotes.values()].find((q) => q.start < span[1] && span[0] < q.end);
      const excerpt = over ? this.selection.index.slice(over.start, over.end).slice(0, 60) : "";
      if (over && !this.confirm(`This overlaps the quote “${excerpt}”. Add another quote here anyway?`)) {
        return this.#status("No quote added: it would overlap an existing one.");
      }
      this.selection.clear();
      this.#perform({ op: "quote_create", start: span[0], end: span[1], kind }).then((saved) => {
        const made = saved?.quotes[0];
        if (made && this.store.quotes.has(made.id)) this.select(quoteRef(made.id), { scroll: false });
      });
    } else if (quote) {
      if (quote.kind !== kind) this.#perform({ op: "quote_update", id: quote.id, kind });
    } else {
      this.#status("Select the quoted words first.");
    }
  }

  cue() {
    const quote = this.store.selectedOf(QUOTE);
    const span = this.selection.span;
    if (!quote || !span) return this.#status("Select a quote, then the words of its cue.");
    this.selection.clear();
    this.#perform({ op: "quote_update", id: quote.id, cue: span });
  }

  // The kind of speaker an entity is, as the server defines it for its label.
  #speakerType(entity) {
    return (entity && this.speakerTypes[entity.label]) || "named";
  }

  speakerFromMention(quote, mention) {
    const entity = mention.entity != null ? this.store.entities.get(mention.entity) : null;
    this.#perform({
      op: "quote_update",
      id: quote.id,
      speaker: [mention.start, mention.end],
      speaker_entity: mention.entity ?? null,
      speaker_type: this.#speakerType(entity),
    });
  }

  // s: the selected words name the speaker (a mention's entity if they are one), or, with
  // nothing selected, the speaker menu.
  speaker() {
    const quote = this.store.selectedOf(QUOTE);
    if (!quote) return this.#status("Select a quote first.");
    const span = this.selection.span;
    if (!span) {
      this.menus.speaker.focus();
      return;
    }
    this.selection.clear();
    const mention = this.store.mentionAt(span[0], span[1]);
    if (mention) return this.speakerFromMention(quote, mention);
    const word = this.selection.index.slice(span[0], span[1]);
    if (isPronoun(word)) return this.#pronounSpeaker(quote, span, word);
    this.#perform({ op: "quote_update", id: quote.id, speaker: span, speaker_entity: null, speaker_type: "named" });
  }

  // A pronoun is recorded as one, with the entity it stands for once the annotator confirms
  // the one offered (or, declined, picks it from the speaker menu).
  #pronounSpeaker(quote, span, word) {
    const index = this.selection.index;
    const mentions = [...this.store.mentions.values()];
    const offered = antecedentOf({ word, start: span[0], mentions, slice: (a, b) => index.slice(a, b) });
    const entity = offered ? this.store.entities.get(offered.entity) : null;
    const confirmed = entity && this.confirm(`“${word}” is a pronoun. Does it stand for ${entity.name}?`);
    this.#perform({
      op: "quote_update",
      id: quote.id,
      speaker: span,
      speaker_entity: confirmed ? entity.id : null,
      speaker_type: "pronoun",
    });
    if (!confirmed) this.#status(`“${word}” is recorded as a pronoun: choose who it stands for in the speaker menu.`);
  }

  // From the speaker menu: "anonymous", "unknown", or an entity's id.
  speakerChosen(value) {
    const quote = this.store.selectedOf(QUOTE);
    if (!quote || !value) return;
    if (value === "anonymous") {
      this.#perform({ op: "quote_update", id: quote.id, speaker_entity: null, speaker_type: "anonymous" });
    } else if (value === "unknown") {
      this.#perform({ op: "quote_update", id: quote.id, speaker: null, speaker_entity: null, speaker_type: "unknown" });
    } else {
      const id = Number(value);
      // A pronoun speaker keeps its span: the entity is the one it stands for.
      if (quote.speaker_type === "pronoun" && quote.speaker) {
        return this.#perform({ op: "quote_update", id: quote.id, speaker_entity: id, speaker_type: "pronoun" });
      }
      // The entity's mention nearest before the quote (or else the first) is the speaker span.
      const mentions = this.store.mentionsOf(id).sort((a, b) => a.start - b.start);
      const near = mentions.filter((m) => m.end <= quote.end).pop() ?? mentions[0];
      if (near) this.speakerFromMention(quote, near);
      else {
        const speakerType = this.#speakerType(this.store.entities.get(id));
        this.#perform({ op: "quote_update", id: quote.id, speaker_entity: id, speaker_type: speakerType });
      }
    }
  }

  togglePickSpeaker() {
    const on = !this.store.pickSpeaker;
    this.store.setPickSpeaker(on);
    this.#status(on ? "Click the mention that is the speaker." : "");
  }

  // A click on a mention while picking a speaker: it is the selected quote's speaker.
  pickSpeaker(mentionId) {
    const quote = this.store.selectedOf(QUOTE);
    if (!this.store.pickSpeaker || !quote) return false;
    this.store.setPickSpeaker(false);
    this.speakerFromMention(quote, this.store.mentions.get(mentionId));
    return true;
  }

  // ---- entities ------------------------------------------------------------------------

  showEntity() {
    const item = this.store.selected;
    if (item?.entity != null) this.select(entityRef(item.entity));
  }

  registryAdd() {
    const entity = this.store.selectedOf(ENTITY);
    if (entity) this.#perform({ op: "registry_add", id: entity.id });
  }

  // Split the mention chosen last off the selected entity, into an entity of its own.
  split() {
    const entity = this.store.selected;
    const id = this.store.lastMention;
    const mention = id != null ? this.store.mentions.get(id) : null;
    if (!mention || mention.entity !== entity?.id) return this.#status("Select a mention of this entity first.");
    this.#perform({ op: "entity_split", mentions: [mention.id] });
  }

  // ---- undo ----------------------------------------------------------------------------

  undo() {
    this.client.undo();
  }

  redo() {
    this.client.redo();
  }

  // ---- a kept action, after a conflict ---------------------------------------------------

  applyPending() {
    const pending = this.client.pending.take();
    this.feedback.hidePending();
    if (pending) this.client.perform(pending.op, pending.history);
    this.textRoot.focus();
  }

  discardPending() {
    this.client.pending.take();
    this.feedback.hidePending();
    this.#status("Your action was discarded.");
    this.textRoot.focus();
  }
}
