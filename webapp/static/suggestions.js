// Machine suggestions in the reading view: n / p move through them (the list item is focused,
// its words in the text shown, its figures, attribution and hedges marked), a accepts the
// current one into the claim form (nothing is saved until Save), x rejects it (sent at once; it
// leaves the page, the reader stays where they are). Knows nothing of any language's rules:
// it shows what the server stored.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const card = document.getElementById("suggestions");
  const reader = window.Claimtrail && Claimtrail.reader;
  if (!card || !reader) return;
  const { container, form, selection } = reader;
  const values = new Map(JSON.parse(document.getElementById("suggestion-data").textContent)
    .map((s) => [String(s.suggestion_id), s]));
  const message = card.querySelector("[data-suggestion-message]");
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  const items = () => Array.from(card.querySelectorAll("li[data-suggestion]"));
  const segmentsOf = (id) => container.querySelectorAll(`[data-suggestions~="${CSS.escape(id)}"]`);
  let current = null;   // the id of the current suggestion

  // Its figures, attribution and hedges, each its own CSS highlight (the text's DOM is untouched).
  const parts = {};
  if (window.CSS && CSS.highlights && window.Highlight) {
    for (const name of ["figure", "attribution", "hedge"]) {
      parts[name] = new Highlight();
      CSS.highlights.set(`suggestion-${name}`, parts[name]);
    }
  }
  function drawParts(id) {
    Object.values(parts).forEach((h) => h.clear());
    for (const part of (values.get(id) || {}).parts || []) {
      const range = parts[part.part] && selection.rangeOf(part);
      if (range) parts[part.part].add(range);
    }
  }

  function choose(id, { focus = true } = {}) {
    current = id;
    container.querySelectorAll(".sg.current").forEach((el) => el.classList.remove("current"));
    items().forEach((li) => li.classList.toggle("current", li.dataset.suggestion === id));
    drawParts(id);
    if (id === null) return;
    const segments = segmentsOf(id);
    segments.forEach((el) => el.classList.add("current"));
    const li = document.getElementById(`suggestion-${id}`);
    if (focus) li.focus({ preventScroll: true });
    li.scrollIntoView({ block: "nearest" });
    if (segments.length) segments[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function step(by) {
    const list = items();
    if (!list.length) return;
    const at = list.findIndex((li) => li.dataset.suggestion === current);
    const next = at < 0 ? (by > 0 ? 0 : list.length - 1) : (at + by + list.length) % list.length;
    choose(list[next].dataset.suggestion);
  }

  function setField(el, value) {
    if (!el) return;
    value = value === null || value === undefined ? "" : String(value);
    if (el.tagName === "SELECT") {
      el.value = Array.from(el.options).some((o) => o.value === value) ? value : "";
    } else {
      el.value = value;
    }
  }

  // The figure rows: each filled in turn; typing into the last row makes figures.js add a blank
  // one below it, so there is always a row left for a figure the rules missed.
  function fillFigures(figures) {
    const list = form.querySelector("[data-figure-rows]");
    list.querySelectorAll("input, select").forEach((el) => setField(el, ""));
    figures.forEach((figure, i) => {
      const row = list.children[i];
      if (!row) return;
      for (const key of ["kind", "low", "high", "term", "counts", "who", "text"]) {
        setField(row.querySelector(`[name$="-${key}"]`), figure[key]);
      }
      row.querySelector('[name$="-text"]').dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  function accept(id) {
    const s = values.get(id);
    if (!s || !form) return;
    choose(id, { focus: false });
    reader.openForm({ start: s.start, end: s.end });   // quote and offsets, as a selection gives them
    for (const name of ["kind", "attribution_text", "hedging", "source_type", "named"]) {
      setField(form.elements[name], s[name]);
    }
    fillFigures(s.structured_figures || []);
    form.elements.suggestion_id.value = String(s.suggestion_id);
    form.querySelector("[data-suggestion-note]").hidden = false;
    form.elements.statement.focus();
  }

  // The card's place in the text and in the list is kept: the rejected one leaves both, and the
  // next one becomes current.
  function removeSuggestion(id) {
    const list = items();
    const at = list.findIndex((li) => li.dataset.suggestion === id);
    segmentsOf(id).forEach((el) => {
      const rest = el.dataset.suggestions.split(" ").filter((x) => x !== id);
      if (rest.length) { el.dataset.suggestions = rest.join(" "); } else { delete el.dataset.suggestions; }
      el.classList.toggle("sg", rest.length > 0);
      el.classList.toggle("sg-many", rest.length > 1);
      el.classList.remove("current");
    });
    list[at].remove();
    values.delete(id);
    const left = items();
    card.querySelector("[data-suggestion-count]").textContent = String(left.length);
    if (form && form.elements.suggestion_id.value === id) reader.closeForm();
    if (left.length) choose(left[Math.min(at, left.length - 1)].dataset.suggestion);
    else { choose(null); container.focus(); }
  }

  // Every Reject button sends the one shared form (its CSRF token) to its own address.
  const rejectForm = document.getElementById("reject-form");
  async function reject(id) {
    const li = document.getElementById(`suggestion-${id}`);
    const button = li && li.querySelector("button[data-reject]");
    if (!button || !rejectForm) return;
    li.classList.add("busy");
    try {
      const response = await fetch(button.formAction, {
        method: "POST", body: new FormData(rejectForm), credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok || response.status === 409) removeSuggestion(id);   // 409: decided already
      message.textContent = answer.message || (response.ok ? "Suggestion rejected." :
        "The suggestion could not be rejected; reload the page and try again.");
    } catch (_error) {
      message.textContent = "The suggestion could not be rejected (no connection); try again.";
    } finally {
      li.classList.remove("busy");
    }
  }

  card.addEventListener("click", (e) => {
    const link = e.target.closest("[data-accept]");
    if (!link) return;
    e.preventDefault();
    accept(link.closest("li").dataset.suggestion);
  });
  card.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-reject]");
    if (!button) return;
    e.preventDefault();
    reject(button.closest("li").dataset.suggestion);
  });
  card.addEventListener("focusin", (e) => {
    const li = e.target.closest("li[data-suggestion]");
    if (li && li.dataset.suggestion !== current) choose(li.dataset.suggestion, { focus: false });
  });
  // Clicking underlined words (not a claim's highlight, which opens the claim) chooses it; a
  // drag is a selection for the claim form, never a click on a suggestion.
  let pressed = null;
  container.addEventListener("mousedown", (e) => { pressed = [e.clientX, e.clientY]; });
  container.addEventListener("click", (e) => {
    const seg = e.target.closest("[data-suggestions]");
    const dragged = pressed && Math.hypot(e.clientX - pressed[0], e.clientY - pressed[1]) > 3;
    if (!seg || dragged || seg.matches("mark[data-claims]") || !window.getSelection().isCollapsed) return;
    const ids = seg.dataset.suggestions.split(" ");
    choose(ids.includes(current) ? ids[(ids.indexOf(current) + 1) % ids.length] : ids[0]);
  });

  document.addEventListener("keydown", (e) => {
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (document.querySelector("dialog[open]")) return;
    if (e.key === "n" || e.key === "p") { e.preventDefault(); step(e.key === "n" ? 1 : -1); return; }
    if ((e.key === "a" || e.key === "x") && form) {
      e.preventDefault();
      if (current === null) { step(1); return; }   // first show which one: nothing is decided unseen
      if (e.key === "a") accept(current); else reject(current);
    }
  });
});
