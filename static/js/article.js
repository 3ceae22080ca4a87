// Reading an article: clicking an entity in the side list highlights all its mentions.
// Event delegation on the document keeps this working after htmx swaps the content.

function setFocus(entityId, on) {
  for (const mark of document.querySelectorAll("mark.ent")) {
    mark.classList.toggle("is-focus", on && mark.dataset.entity === entityId);
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button.entity-toggle");
  if (!button) return;
  const entityId = button.dataset.entityId;
  const wasOn = button.getAttribute("aria-pressed") === "true";
  for (const other of document.querySelectorAll("button.entity-toggle")) {
    other.setAttribute("aria-pressed", "false");
  }
  button.setAttribute("aria-pressed", String(!wasOn));
  setFocus(entityId, !wasOn);
  if (!wasOn) {
    const first = document.querySelector(`mark.ent[data-entity="${CSS.escape(entityId)}"]`);
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }
});
