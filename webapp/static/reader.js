// The reading view: turn a selection into exact offsets, open the claim form, move between claims.
//
// Offsets are code points of the stored text (Python string indices). The DOM counts UTF-16
// units, so every offset is converted: each segment element carries its start offset in code
// points, and the part of a segment before the selection point is counted with Array.from.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("article-text");
  const data = JSON.parse(document.getElementById("article-data").textContent);
  const chars = Array.from(data.text);            // one entry per code point
  const panel = document.getElementById("claim-form-panel");
  const form = document.getElementById("claim-form");
  const info = document.querySelector("[data-span-info]");
  const isSpace = (c) => /\s/u.test(c);

  function codePoints(s) { let n = 0; for (const _ of s) n++; return n; }

  function segmentOf(node) {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return el && el.closest("[data-start]");
  }

  // A DOM point (node, offset in UTF-16 units or child index) -> code point offset in the text.
  function toOffset(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = segmentOf(node);
      return Number(seg.dataset.start) + codePoints(node.data.slice(0, offset));
    }
    const children = Array.from(node.childNodes).filter((c) => c.nodeType === Node.ELEMENT_NODE && c.dataset.start !== undefined);
    if (node.dataset && node.dataset.start !== undefined && children.length === 0) {
      return Number(node.dataset.start) + (offset > 0 ? codePoints(node.textContent) : 0);
    }
    if (offset < node.childNodes.length) {
      const child = node.childNodes[offset];
      const seg = child.nodeType === Node.ELEMENT_NODE && child.dataset.start !== undefined ? child : segmentOf(child);
      if (seg) return Number(seg.dataset.start);
    }
    const last = children[children.length - 1] || node;
    return Number(last.dataset.start || 0) + codePoints(last.textContent);
  }

  function selectedSpan() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0).cloneRange();
    if (!range.intersectsNode(container)) return null;
    // A drag that runs past the article (into the header above or the page below) stops at its edge.
    if (!container.contains(range.startContainer)) range.setStart(container, 0);
    if (!container.contains(range.endContainer)) range.setEnd(container, container.childNodes.length);
    let start = toOffset(range.startContainer, range.startOffset);
    let end = toOffset(range.endContainer, range.endOffset);
    if (start > end) [start, end] = [end, start];
    while (start < end && isSpace(chars[start])) start++;   // drop the spaces a double-click adds
    while (end > start && isSpace(chars[end - 1])) end--;
    return end > start ? { start, end } : null;
  }

  // Code point offset -> DOM point (text node, UTF-16 offset) in the segment holding it.
  const segments = Array.from(container.querySelectorAll("p > [data-start]"));
  function domPoint(offset, isEnd) {
    for (const seg of segments) {
      const node = seg.firstChild;
      if (!node) continue;
      const start = Number(seg.dataset.start);
      const length = codePoints(node.data);
      if (offset >= start && (offset < start + length || (isEnd && offset === start + length))) {
        return [node, Array.from(node.data).slice(0, offset - start).join("").length];
      }
    }
    return null;
  }

  // The span being marked stays visible in the text while the form is open (focus moves to the
  // form, which clears the selection): a CSS highlight, which leaves the text's DOM untouched.
  const draft = window.CSS && CSS.highlights && window.Highlight ? new Highlight() : null;
  if (draft) CSS.highlights.set("claim-draft", draft);
  function showDraft(span) {
    if (!draft) return;
    draft.clear();
    const from = span && domPoint(span.start, false);
    const to = span && domPoint(span.end, true);
    if (!from || !to) return;
    const range = document.createRange();
    range.setStart(from[0], from[1]);
    range.setEnd(to[0], to[1]);
    draft.add(range);
    return range;
  }

  function closeForm() {
    panel.classList.remove("open");
    showDraft(null);
  }

  function openForm(span) {
    if (!form) return;
    panel.classList.add("open");
    showDraft(span);
    if (span) {
      form.elements.quote.value = chars.slice(span.start, span.end).join("");
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
      const at = data.text.indexOf(quote);
      if (at < 0) { info.textContent = "These words are not in the article."; return; }
      if (data.text.indexOf(quote, at + 1) >= 0) { info.textContent = "These words occur more than once; select the right place in the text."; return; }
      const start = codePoints(data.text.slice(0, at));
      form.elements.start.value = start;
      form.elements.end.value = start + codePoints(quote);
      info.textContent = `Found at characters ${start}–${start + codePoints(quote)}.`;
      const found = showDraft({ start, end: start + codePoints(quote) });
      if (found) {  // bring the words into view without taking the focus from the field
        const box = found.getBoundingClientRect();
        if (box.top < 0 || box.bottom > window.innerHeight) window.scrollBy({ top: box.top - window.innerHeight / 3 });
      }
    });
    panel.querySelector("[data-close-form]").addEventListener("click", closeForm);
    document.querySelector("[data-open-form]").addEventListener("click", () => openForm(null));
    // A save that came back with errors: the words being marked are shown in the text again.
    const { start, end } = form.elements;
    if (panel.classList.contains("open") && start.value !== "" && end.value !== "") {
      showDraft({ start: Number(start.value), end: Number(end.value) });
    }
  }

  // A drag that starts in the text may end anywhere (people overshoot into the margin), so the
  // release is watched on the whole page; presses elsewhere (the form's buttons) never open it.
  let pressedInText = false;
  document.addEventListener("mousedown", (e) => { pressedInText = e.button === 0 && container.contains(e.target); });
  document.addEventListener("mouseup", () => {
    if (!pressedInText) return;
    pressedInText = false;
    const span = selectedSpan();
    if (span) openForm(span);
  });

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
