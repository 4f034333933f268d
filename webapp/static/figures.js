// The claim form's figures: typing into the last row adds an empty one below it, so a
// researcher goes on typing figures with Tab and never reaches for the mouse. Without
// JavaScript the form has a spare row, and another after each save.
"use strict";

document.addEventListener("input", (e) => {
  const row = e.target.closest && e.target.closest("[data-figure-row]");
  const list = row && row.closest("[data-figure-rows]");
  if (!list || row !== list.lastElementChild || !e.target.value) return;
  const n = list.children.length;
  const copy = row.cloneNode(true);
  copy.querySelectorAll("[id], [for], [name]").forEach((el) => {
    for (const attr of ["id", "for", "name"]) {
      const value = el.getAttribute(attr);
      if (value) el.setAttribute(attr, value.replace(/figure_rows-\d+-/, `figure_rows-${n}-`));
    }
    if (el.matches("input")) el.value = "";
    if (el.matches("select")) el.selectedIndex = 0;
  });
  copy.querySelectorAll("[data-figure-number]").forEach((el) => { el.textContent = String(n + 1); });
  list.appendChild(copy);
});
