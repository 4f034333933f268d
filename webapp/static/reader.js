// The reading view: a selection (exact offsets, see selection.js) opens the claim form; move
// between claims. What suggestions.js needs of the page is left in Claimtrail.reader.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("article-text");
  const data = JSON.parse(document.getElementById("article-data").textContent);
  const panel = document.getElementById("claim-form-panel");
  const form = document.getElementById("claim-form");
  const info = document.querySelector("[data-span-info]");
  const selection = Claimtrail.textSelection(container, data.text);
  const { selectedSpan, showDraft, find, reveal, words, whenSelected } = selection;
  const note = form && form.querySelector("[data-suggestion-note]");

  function closeForm() {
    panel.classList.remove("open");
    showDraft(null);
    if (form) { form.elements.suggestion_id.value = ""; note.hidden = true; }   // not from it any more
  }

  function openForm(span) {
    if (!form) return;
    panel.classList.add("open");
    showDraft(span);
    if (span) {
      form.elements.quote.value = words(span);
      form.elements.start.value = span.start;
      form.elements.end.value = span.end;
      info.textContent = `Characters ${span.start}–${span.end} of the article.`;
      form.elements.statement.focus();
    } else {
      form.elements.quote.focus();
    }
  }

  // Keyboard users type or paste the exact words: find them in the text.
  if (form) {
    form.elements.quote.addEventListener("input", () => {
      const quote = form.elements.quote.value;
      form.elements.start.value = "";
      form.elements.end.value = "";
      showDraft(null);
      if (!quote) { info.textContent = ""; return; }
      const found = find(quote);
      if (found === "missing") { info.textContent = "These words are not in the article."; return; }
      if (found === "many") { info.textContent = "These words occur more than once; select the right place in the text."; return; }
      form.elements.start.value = found.start;
      form.elements.end.value = found.end;
      info.textContent = `Found at characters ${found.start}–${found.end}.`;
      reveal(showDraft(found));   // in view, without taking the focus from the field
    });
    panel.querySelector("[data-close-form]").addEventListener("click", closeForm);
    document.querySelector("[data-open-form]").addEventListener("click", () => openForm(null));
    // A save that came back with errors: the words being marked are shown in the text again.
    const { start, end } = form.elements;
    if (panel.classList.contains("open") && start.value !== "" && end.value !== "") {
      showDraft({ start: Number(start.value), end: Number(end.value) });
    }
  }

  whenSelected(openForm);
  Claimtrail.reader = { container, form, panel, selection, openForm, closeForm };

  // Clicking a highlight opens its claim (the innermost one where claims overlap).
  container.addEventListener("click", (e) => {
    const mark = e.target.closest("mark[data-claims]");
    if (!mark || !window.getSelection().isCollapsed) return;
    const ids = mark.dataset.claims.split(" ").map(Number);
    const id = ids[ids.length - 1];
    window.location.href = data.claimUrl.replace(/\/0$/, `/${id}`);
  });

  const items = Array.from(document.querySelectorAll(".claim-list li[data-claim]"));
  let current = -1;
  function focusItem(i) {
    if (!items.length) return;
    current = (i + items.length) % items.length;
    const li = items[current];
    li.querySelector("a").focus();
    document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
    document.querySelectorAll(`mark[data-claims~="${li.dataset.claim}"]`).forEach((m) => m.classList.add("active"));
    const first = document.querySelector(`mark[data-claims~="${li.dataset.claim}"]`);
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  document.addEventListener("keydown", (e) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
    if (e.key === "Escape" && panel && panel.classList.contains("open")) { closeForm(); container.focus(); return; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "m") { e.preventDefault(); openForm(selectedSpan()); }
    else if (e.key === "j") { e.preventDefault(); focusItem(current + 1); }
    else if (e.key === "k") { e.preventDefault(); focusItem(current - 1); }
  });

  // Back from saving (or sent to) a claim: show it where it is in the text, and in the list.
  const wanted = new URLSearchParams(window.location.search).get("claim");
  // The browser would otherwise restore the previous scroll position when the page finishes
  // loading (after a save it comes back to the same article), undoing this.
  if (wanted) {
    history.scrollRestoration = "manual";
    const marks = document.querySelectorAll(`mark[data-claims~="${CSS.escape(wanted)}"]`);
    marks.forEach((m) => m.classList.add("active"));
    const li = document.getElementById(`claim-${wanted}`);
    const reveal = () => {
      if (li) li.scrollIntoView({ block: "nearest" });
      if (marks.length) marks[0].scrollIntoView({ block: "center" });
    };
    reveal();
    if (document.readyState !== "complete") window.addEventListener("load", reveal, { once: true });
  }
});
