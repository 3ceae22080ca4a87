// Every little while the workspace asks for the article's state: that request says this
// person is here, the answer says who else is ("rev is also editing"), and if the article
// moved on meanwhile, the others' changes are drawn.

export const POLL_MS = 20_000;

export function presenceText(names) {
  if (!names.length) return "";
  return `${names.join(", ")} ${names.length === 1 ? "is" : "are"} also editing.`;
}

export function watchPresence({ stateUrl, output, store, fetch = globalThis.fetch.bind(globalThis), every = POLL_MS }) {
  const poll = async () => {
    try {
      const response = await fetch(stateUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const state = await response.json();
      output.textContent = presenceText(state.present ?? []);
      output.hidden = !output.textContent;
      if (state.version > store.version) store.load(state);
    } catch {
      // Presence is a courtesy: the page works without it.
    }
  };
  return setInterval(poll, every);
}
