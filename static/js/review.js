// The review page: j and k go from one change marked on the text to the next or the
// previous, focusing it (its aria label says what changed) and announcing it.

const marks = () => [...document.querySelectorAll("[data-diff-text] [data-change]")];
const announce = document.querySelector("[data-diff-announce]");
let current = -1;

function go(step) {
  const all = marks();
  if (!all.length) return;
  current = Math.max(0, Math.min(all.length - 1, current + step));
  const mark = all[current];
  for (const other of all) other.classList.toggle("is-current", other === mark);
  mark.focus({ preventScroll: true });
  mark.scrollIntoView({ block: "center" });
  if (announce) announce.textContent = `Change ${current + 1} of ${all.length}: ${mark.title}`;
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) return;
  if (event.key === "j") go(1);
  else if (event.key === "k") go(-1);
  else return;
  event.preventDefault();
});

// A click on a change in the list makes it the current one, so j goes on from there.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-change-link]");
  if (!link) return;
  current = marks().findIndex((m) => m.dataset.change === link.dataset.changeLink) - 1;
  event.preventDefault();
  go(1);
});
