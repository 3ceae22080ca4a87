// The correction workspace. The server is the source of truth: every action is sent at
// once with the article version it was based on, the store takes the server's answer, and
// the renderers subscribed to the store redraw what it says changed. Undo and redo send
// the reverse actions the server hands back.
//
// The page gives the server's vocabulary ("ws-vocabulary": mention labels, quote kinds, the
// kind of speaker each label names) and the endpoints (data-* on [data-workspace]); the body
// and the first state come from state.json, gzipped (the page, which holds the CSRF token,
// is not compressed, and a long article's annotations are most of its weight).

import { ActionClient, PendingAction } from "./client.js";
import { Commands } from "./commands.js";
import { Feedback } from "./feedback.js";
import { entityRef, mentionRef, parseRef, quoteRef } from "./ids.js";
import { Inspector } from "./inspector.js";
import { bindingFor, chordOf, fillHelp } from "./keymap.js";
import { TextIndex } from "./offsets.js";
import { EntityList, HistoryList, QuoteList, renderRemaining } from "./panels.js";
import { firstState, watchPresence } from "./presence.js";
import { TextSelection } from "./selection.js";
import { Store } from "./store.js";
import { TextView } from "./text-view.js";
import { UndoStack } from "./undo.js";

const fromPage = (id) => JSON.parse(document.getElementById(id).textContent);

const root = document.querySelector("[data-workspace]");
const textRoot = root.querySelector("[data-ws-text]");
const $ = (selector) => root.querySelector(selector);
const loading = $("[data-ws-loading]");
const first = await firstState(root.dataset.stateUrl).catch((error) => {
  loading.textContent = `The annotations could not be loaded (${error.message}). Reload the page to try again.`;
  loading.setAttribute("role", "alert");
  throw error;
});
loading.hidden = true;
const index = new TextIndex(first.body);
const vocabulary = fromPage("ws-vocabulary");
const store = new Store();

// The renderers, in the order they draw: the text first, as the rest may scroll to it.
new TextView({ root: textRoot, index, store });
new EntityList({ list: $("[data-entity-list]"), store });
new QuoteList({ list: $("[data-quote-list]"), store, index });
renderRemaining({ output: $("[data-remaining]"), store });
new HistoryList({ list: $("[data-history-list]"), store, index });

const pending = new PendingAction(localStorage, root.dataset.article);
const feedback = new Feedback({ root, store, index, pending });
const client = new ActionClient({
  actionUrl: root.dataset.actionUrl,
  registryUrl: root.dataset.registryUrl,
  csrf: root.dataset.csrf,
  store,
  undoStack: new UndoStack(),
  pending,
  feedback,
  onTimed: (ms) => {
    root.dataset.lastActionMs = String(ms);
  },
});
new Inspector({ root: $("[data-inspector]"), store, index, registryChoices: (label) => client.registryChoices(label) });
const selection = new TextSelection({ root: textRoot, index });
const commands = new Commands({ root, textRoot, store, client, selection, feedback, vocabulary });
// Looked up once: it comes after the text, so a lookup per key would walk every highlight.
const help = $("[data-help]");

function typing(target) {
  return target.closest("input, select, textarea, [contenteditable]") !== null;
}

function onKey(event) {
  const binding = bindingFor(chordOf(event));
  if (!binding || help.open) return;
  if (typing(event.target) && !binding.whileTyping) return;
  if (binding.command === "controls" && event.target.closest("button")) return; // Enter presses it
  commands[binding.command](...binding.args);
  if (!binding.keepDefault) event.preventDefault();
}

// Buttons with data-do in the inspector.
const BUTTONS = {
  accept: () => commands.setStatus("accepted"),
  reject: () => commands.setStatus("rejected"),
  delete: () => commands.delete(),
  bounds: () => commands.bounds(),
  cue: () => commands.cue(),
  anonymous: () => commands.speakerChosen("anonymous"),
  unknown: () => commands.speakerChosen("unknown"),
  "pick-speaker": () => commands.togglePickSpeaker(),
  "show-entity": () => commands.showEntity(),
  "registry-add": () => commands.registryAdd(),
  split: () => commands.split(),
};

function onClick(event) {
  const target = event.target;
  const selectButton = target.closest("[data-select]");
  if (selectButton) return commands.select(parseRef(selectButton.dataset.select));
  const labelButton = target.closest("[data-label-key]");
  if (labelButton) return commands.labelAs(labelButton.dataset.labelKey);
  const acceptLabel = target.closest("[data-accept-label]");
  if (acceptLabel) return commands.acceptAll(acceptLabel.dataset.acceptLabel);
  if (target.closest("[data-accept-all]")) return commands.acceptAll();
  if (target.closest("[data-help-open]")) return commands.showHelp();
  if (target.closest("[data-help-close]")) return help.close();
  if (target.closest("[data-conflict-apply]")) return commands.applyPending();
  if (target.closest("[data-conflict-discard]")) return commands.discardPending();
  const action = target.closest("[data-do]")?.dataset.do;
  if (action) return BUTTONS[action]?.();
  if (!textRoot.contains(target) || !getSelection().isCollapsed) return;
  selection.forgetCursor();
  const mark = target.closest("mark[data-mention]");
  if (mark) {
    const id = Number(mark.dataset.mention);
    if (!commands.pickSpeaker(id)) commands.select(mentionRef(id), { scroll: false });
    return;
  }
  const quote = target.closest("[data-quote]");
  if (quote) commands.select(quoteRef(quote.dataset.quote), { scroll: false });
}

function onChange(event) {
  const target = event.target;
  const item = store.selected;
  if (target.matches("[data-label-more]") && target.value) {
    commands.labelAs(target.value);
    target.value = "";
  } else if (target.matches("[data-mention-label]") && item) {
    client.perform({ op: "mention_update", id: item.id, label: target.value });
  } else if (target.matches("[data-mention-entity]") && item) {
    if (target.value === "split") client.perform({ op: "entity_split", mentions: [item.id] });
    else client.perform({ op: "mention_update", id: item.id, entity: Number(target.value) });
  } else if (target.matches("[data-quote-kind]") && item) {
    client.perform({ op: "quote_update", id: item.id, kind: target.value });
  } else if (target.matches("[data-quote-speaker]")) {
    commands.speakerChosen(target.value);
  }
}

function onSubmit(event) {
  const form = event.target;
  if (!form.closest("[data-inspector]")) return;
  event.preventDefault();
  const entity = store.selectedOf("entity");
  if (!entity) return;
  if (form.matches("[data-entity-rename]")) {
    client.perform({ op: "entity_rename", id: entity.id, name: form.elements.name.value });
  } else if (form.matches("[data-entity-merge]")) {
    if (!form.elements.into.value) return feedback.status("Choose the entity to merge into first.");
    const into = Number(form.elements.into.value);
    const target = store.entities.get(into);
    const question = `Merge ${entity.name} (${entity.label}) into ${target?.name} (${target?.label}), another label?`;
    if (target && target.label !== entity.label && !confirm(question)) return;
    client.perform({ op: "entity_merge", id: entity.id, into }).then(() => {
      commands.select(entityRef(into));
    });
  } else if (form.matches("[data-entity-link]")) {
    const value = form.elements.registry.value;
    client.perform({ op: "entity_link", id: entity.id, registry: value ? Number(value) : null });
  }
}

fillHelp(help.querySelector("[data-help-keys]"));
store.load(first);
document.addEventListener("keydown", onKey);
root.addEventListener("click", onClick);
root.addEventListener("change", onChange);
root.addEventListener("submit", onSubmit);
textRoot.addEventListener("mouseup", (event) => {
  if (textRoot.contains(event.target)) selection.snapToWords();
});
feedback.showPending();
watchPresence({ stateUrl: root.dataset.stateUrl, output: $("[data-presence]"), store });
root.dataset.ready = "true";
