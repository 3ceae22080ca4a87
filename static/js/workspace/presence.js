// Every little while the workspace asks for the article's state: that request says this
// person is here, the answer says who else is ("rev is also editing"), and if the article
// moved on meanwhile, the others' changes are drawn. The request names the version shown,
// so that an article nobody changed answers with its version alone, not its annotations.

export const POLL_MS = 20_000;

export function presenceText(names) {
  if (!names.length) return "";
  return `${names.join(", ")} ${names.length === 1 ? "is" : "are"} also editing.`;
}

const JSON_HEADERS = { headers: { Accept: "application/json" } };

// The body and the annotations, as the page opens.
export async function firstState(stateUrl, fetch = globalThis.fetch.bind(globalThis)) {
  const response = await fetch(`${stateUrl}?body=1`, JSON_HEADERS);
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return response.json();
}

export function watchPresence({ stateUrl, output, store, fetch = globalThis.fetch.bind(globalThis), every = POLL_MS }) {
  const poll = async () => {
    try {
      const response = await fetch(`${stateUrl}?since=${store.version}`, JSON_HEADERS);
      if (!response.ok) return;
      const state = await response.json();
      output.textContent = presenceText(state.present ?? []);
      output.hidden = !output.textContent;
      if (state.version > store.version && state.mentions) store.load(state);
    } catch {
      // Presence is a courtesy: the page works without it.
    }
  };
  return setInterval(poll, every);
}
