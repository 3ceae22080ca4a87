// Words for what is on the page: a quote's speaker, a history event, a pending action.
// Pure: they read the store and the text, and return strings.

import { parseRef } from "./ids.js";

const SHOWN_FIELDS = ["label", "status", "kind", "name", "speaker_type"];

export function excerpt(index, start, end, limit = 160) {
  const text = index.slice(start, end);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

export function speakerText(quote, store, index) {
  const entity = quote.speaker_entity != null ? store.entities.get(quote.speaker_entity) : null;
  if (entity) return entity.name;
  if (quote.speaker) return index.slice(...quote.speaker);
  return quote.speaker_type === "anonymous" ? "anonymous source" : "unknown speaker";
}

// "ann mention status “Baghdad” (status: suggested → accepted)".
export function describeEvent(event, store, index) {
  const parts = [event.actor, event.action.replaceAll("_", " ")];
  const target = parseRef(event.target);
  if (target?.isMention) {
    const m = store.mentions.get(target.id);
    const text = m ? index.slice(m.start, m.end) : (event.before?.text ?? event.after?.text);
    if (text) parts.push(`“${text}”`);
  } else if (target?.isQuote) {
    const q = store.quotes.get(target.id);
    if (q) parts.push(`“${excerpt(index, q.start, q.end, 40)}”`);
  } else if (target?.isEntity) {
    const e = store.entities.get(target.id);
    if (e) parts.push(e.name);
  } else if (event.target) {
    parts.push(event.target);
  }
  if (event.before && event.after && typeof event.before === "object") {
    const diffs = Object.keys(event.after)
      .filter((k) => SHOWN_FIELDS.includes(k))
      .map((k) => `${k}: ${event.before[k] ?? "—"} → ${event.after[k]}`);
    if (diffs.length) parts.push(`(${diffs.join(", ")})`);
  }
  return parts.join(" ");
}

// An action not yet saved, as the annotator would name it: "mention update “Monday” label GPE".
export function describeOp(op, store, index) {
  const target = op.id != null ? (store.mentions.get(op.id) ?? store.quotes.get(op.id)) : null;
  const what = op.op.replaceAll("_", " ");
  let text = "";
  if (op.start != null) text = index.slice(op.start, op.end);
  else if (target) text = index.slice(target.start, target.end);
  const details = SHOWN_FIELDS.filter((k) => op[k]).map((k) => `${k} ${op[k]}`);
  const quoted = text && `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`;
  return [what, quoted, details.join(", ")].filter(Boolean).join(" ");
}
