// My queue: j / k move through the items of every section, Enter opens the focused one (it is a link).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const items = Array.from(document.querySelectorAll("[data-queue] [data-queue-item]"));
  let current = -1;

  function focusItem(i) {
    if (!items.length) return;
    current = Math.max(0, Math.min(i, items.length - 1));
    items.forEach((li, n) => li.classList.toggle("current", n === current));
    const link = items[current].querySelector("a");
    link.focus();
    link.scrollIntoView({ block: "nearest" });
  }

  // Tabbing or clicking into the list moves the j / k position there too.
  items.forEach((li, n) => li.addEventListener("focusin", () => {
    current = n;
    items.forEach((other, m) => other.classList.toggle("current", m === n));
  }));

  document.addEventListener("keydown", (e) => {
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j") { e.preventDefault(); focusItem(current + 1); }
    else if (e.key === "k") { e.preventDefault(); focusItem(current < 0 ? 0 : current - 1); }
  });
});
