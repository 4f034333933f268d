// The Orphans list: j / k move between claims, r opens the re-attach page of the one in focus.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const items = Array.from(document.querySelectorAll("[data-orphan]"));
  let current = -1;
  document.addEventListener("keydown", (e) => {
    if (/^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(e.target.tagName) || e.ctrlKey || e.metaKey || e.altKey || !items.length) return;
    const inItem = items.indexOf(document.activeElement.closest && document.activeElement.closest("[data-orphan]"));
    if (inItem >= 0) current = inItem;
    if (e.key === "j" || e.key === "k") {
      e.preventDefault();
      current = (current + (e.key === "j" ? 1 : -1) + items.length) % items.length;
      items[current].focus();
      items[current].scrollIntoView({ block: "nearest" });
    } else if (e.key === "r" && current >= 0) {
      const link = items[current].querySelector("[data-reattach]");
      if (link) { e.preventDefault(); link.click(); }
    }
  });
});
