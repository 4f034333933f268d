// The re-attach page: words selected in the latest revision (mouse, or Shift+arrows and r, or
// typed) become the claim's new place; Ctrl+Enter sends it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("article-text");
  const data = JSON.parse(document.getElementById("article-data").textContent);
  const form = document.getElementById("reattach-form");
  const shown = form.querySelector("[data-selected]");
  const info = form.querySelector("[data-span-info]");
  const typed = document.getElementById("reattach-quote");
  const { selectedSpan, showDraft, find, reveal, words, whenSelected } = Claimtrail.textSelection(container, data.text);

  function choose(span, focusButton) {
    form.elements.start.value = span ? span.start : "";
    form.elements.end.value = span ? span.end : "";
    showDraft(span);
    shown.textContent = "";
    if (!span) return;
    const q = document.createElement("q");   // the words as text, never as markup
    q.textContent = words(span);
    shown.append(q);
    info.textContent = `Characters ${span.start}–${span.end} of revision ${form.elements.number.value}.`;
    if (focusButton) form.querySelector("[data-reattach-submit]").focus();
  }

  whenSelected((span) => { typed.value = ""; choose(span, false); });

  typed.addEventListener("input", () => {
    const quote = typed.value;
    if (!quote) { choose(null); info.textContent = ""; return; }
    const found = find(quote);
    if (found === "missing") { choose(null); info.textContent = "These words are not in this revision."; return; }
    if (found === "many") { choose(null); info.textContent = "These words occur more than once; select the right place in the text."; return; }
    choose(found, false);
    reveal(showDraft(found));
  });

  form.addEventListener("submit", (e) => {
    if (form.elements.start.value === "" || form.elements.end.value === "") {
      e.preventDefault();
      info.textContent = "Select the claim's words in the text first.";
    }
  });

  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); return; }
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "r") {
      const span = selectedSpan();
      if (span) { e.preventDefault(); typed.value = ""; choose(span, true); }
    }
  });

  // Sent back with an error: the words chosen are shown in the text again.
  const { start, end } = form.elements;
  if (start.value !== "" && end.value !== "") showDraft({ start: Number(start.value), end: Number(end.value) });
});
