// The claim page: the claim is shown read-only; Edit (or the key e) swaps in the edit form,
// Cancel swaps it back and forgets what was typed. Without JavaScript, Edit is a link to
// ?edit=1, which the server renders with the form open.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const view = document.getElementById("claim-view");
  const form = document.getElementById("claim-edit-form");
  const edit = document.querySelector("[data-edit-claim]");
  if (!view || !form || !edit) return;
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  function openForm() {
    view.hidden = true;
    form.hidden = false;
    form.elements.statement.focus();
  }

  function closeForm() {
    form.reset();
    form.hidden = true;
    view.hidden = false;
    edit.focus();
  }

  edit.addEventListener("click", (e) => { e.preventDefault(); openForm(); });
  form.querySelector("[data-cancel-edit]").addEventListener("click", (e) => {
    if (view.hidden && !document.querySelector(".conflict")) { e.preventDefault(); closeForm(); }
  });
  document.addEventListener("keydown", (e) => {
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || e.key !== "e" || !form.hidden) return;
    if (document.querySelector("dialog[open]")) return;
    e.preventDefault();
    openForm();
  });
});
