// Filter forms (class "filters") apply a choice as soon as it is made: a changed
// select, date or checkbox submits the form, which htmx turns into one request.
// Text and search fields wait for Enter or the button, so typing sends nothing
// and Enter sends exactly one request. Without JavaScript the button submits.
document.addEventListener("change", (event) => {
  const field = event.target;
  const form = field.form;
  if (!form || !form.classList.contains("filters")) return;
  if (field.type === "search" || field.type === "text") return;
  form.requestSubmit();
});
