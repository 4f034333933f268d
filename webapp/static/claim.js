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

// The attribution chain editor: `c` opens it at the first hop's name; "Add a hop" adds a row
// (numbered like the server's rows, hops-N-…); ↑/↓ swap a hop with its neighbour.
document.addEventListener("DOMContentLoaded", () => {
  const editor = document.querySelector("[data-chain-editor]");
  if (!editor) return;
  const rows = editor.querySelector("[data-hop-rows]");
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  const fields = (row) => Array.from(row.querySelectorAll("input, select"));

  function renumber() {
    Array.from(rows.rows).forEach((row, i) => {
      row.querySelector("[data-hop-number]").textContent = String(i + 1);
      fields(row).forEach((el) => {
        el.name = el.name.replace(/^hops-\d+-/, `hops-${i}-`);
        el.id = el.id.replace(/^hops-\d+-/, `hops-${i}-`);
        const label = el.getAttribute("aria-label");
        if (label) el.setAttribute("aria-label", label.replace(/^Hop \d+/, `Hop ${i + 1}`));
      });
    });
  }

  function swap(a, b) {
    if (!a || !b) return;
    fields(a).forEach((el, k) => {
      const other = fields(b)[k];
      if (el.type === "checkbox") [el.checked, other.checked] = [other.checked, el.checked];
      else [el.value, other.value] = [other.value, el.value];
    });
  }

  editor.querySelector("[data-add-hop]").addEventListener("click", () => {
    const last = rows.rows[rows.rows.length - 1];
    const row = last.cloneNode(true);
    fields(row).forEach((el) => {
      if (el.type === "checkbox") el.checked = false;
      else if (el.tagName === "SELECT") el.selectedIndex = 0;
      else el.value = "";
    });
    rows.appendChild(row);
    renumber();
    fields(row)[0].focus();
  });
  rows.addEventListener("click", (e) => {
    const row = e.target.closest("[data-hop-row]");
    if (e.target.closest("[data-hop-up]")) swap(row, row.previousElementSibling);
    if (e.target.closest("[data-hop-down]")) swap(row, row.nextElementSibling);
  });
  document.addEventListener("keydown", (e) => {
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || e.key !== "c") return;
    if (document.querySelector("dialog[open]")) return;
    e.preventDefault();
    editor.open = true;
    editor.querySelector("input[name$='-name']").focus();
  });
});

// Reports of the same claim: keys 1–9 link the suggestion of that number.
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector("[data-suggestions]");
  if (!list) return;
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  document.addEventListener("keydown", (e) => {
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || !/^[1-9]$/.test(e.key)) return;
    if (document.querySelector("dialog[open]")) return;
    const button = list.querySelector(`[data-link-key="${e.key}"]`);
    if (!button) return;
    e.preventDefault();
    button.closest("form").requestSubmit();
  });
});
