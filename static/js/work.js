// "My work": the n key takes the next article, unless the person is typing.

document.addEventListener("keydown", (event) => {
  if (event.key !== "n" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  const form = document.querySelector("form[data-take-next]");
  if (!form) return;
  event.preventDefault();
  form.requestSubmit();
});
