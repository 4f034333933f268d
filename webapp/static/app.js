// Claimtrail: page behaviour shared by every page (no inline scripts: the CSP forbids them).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.getElementById("shortcuts");
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  document.querySelectorAll("[data-shortcuts-toggle]").forEach((b) =>
    b.addEventListener("click", () => dialog && dialog.showModal()));

  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      const form = e.target.closest && e.target.closest("form");
      if (form) { e.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "?" && dialog) { e.preventDefault(); dialog.showModal(); }
  });

  // Buttons that ask before doing something that cannot be undone.
  document.querySelectorAll("[data-confirm]").forEach((button) =>
    button.addEventListener("click", (e) => {
      if (!window.confirm(button.dataset.confirm)) e.preventDefault();
    }));

  // A "tick all" box ticks every checkbox of that name on the page (the article list).
  document.querySelectorAll("[data-check-all]").forEach((all) =>
    all.addEventListener("change", () => document.querySelectorAll(
      `input[type=checkbox][name="${CSS.escape(all.dataset.checkAll)}"]`).forEach((box) => { box.checked = all.checked; })));

  // Ticking a box opens the collapsed panel that acts on it (the project page's "Assign articles").
  document.querySelectorAll("input[data-opens]").forEach((box) =>
    box.addEventListener("change", () => {
      const panel = document.getElementById(box.dataset.opens);
      if (panel && box.checked) panel.open = true;
    }));

  // The claim form's "register a new source" fields show only when asked for.
  document.querySelectorAll("select[name=source_id]").forEach((select) => {
    const box = select.form && select.form.querySelector("[data-new-source]");
    if (!box) return;
    const sync = () => { box.hidden = select.value !== "new"; };
    select.addEventListener("change", sync);
    sync();
  });
});
