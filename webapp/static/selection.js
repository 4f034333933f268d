// Words selected in an article's text, as exact offsets: shared by the reading view (marking a
// claim) and the re-attach page (putting an orphaned claim on its words in a new revision).
//
// Offsets are code points of the stored text (Python string indices). The DOM counts UTF-16
// units, so every offset is converted: each segment element carries its start offset in code
// points, and the part of a segment before the selection point is counted with Array.from.
"use strict";

window.Claimtrail = window.Claimtrail || {};

window.Claimtrail.textSelection = function textSelection(container, text) {
  const chars = Array.from(text);            // one entry per code point
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

  // The selection as {start, end} in code points, without the spaces at either end (a
  // double-click adds them), or null when nothing of the text is selected.
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
    while (start < end && isSpace(chars[start])) start++;
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

  // The span being marked stays visible in the text while focus is elsewhere (which clears the
  // selection): a CSS highlight, which leaves the text's DOM untouched. Returns its range.
  const draft = window.CSS && CSS.highlights && window.Highlight ? new Highlight() : null;
  if (draft) CSS.highlights.set("claim-draft", draft);
  function showDraft(span) {
    if (!draft) return null;
    draft.clear();
    const range = rangeOf(span);
    if (range) draft.add(range);
    return range;
  }

  // A span {start, end} of the text as a DOM range (null where it is not shown).
  function rangeOf(span) {
    const from = span && domPoint(span.start, false);
    const to = span && domPoint(span.end, true);
    if (!from || !to) return null;
    const range = document.createRange();
    range.setStart(from[0], from[1]);
    range.setEnd(to[0], to[1]);
    return range;
  }

  // Words typed or pasted by a keyboard user: {start, end} where they occur exactly once,
  // "missing" or "many" otherwise.
  function find(quote) {
    const at = text.indexOf(quote);
    if (at < 0) return "missing";
    if (text.indexOf(quote, at + 1) >= 0) return "many";
    const start = codePoints(text.slice(0, at));
    return { start, end: start + codePoints(quote) };
  }

  // Bring a range into view without taking the focus from where it is.
  function reveal(range) {
    if (!range) return;
    const box = range.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) window.scrollBy({ top: box.top - window.innerHeight / 3 });
  }

  // A drag that starts in the text may end anywhere (people overshoot into the margin), so the
  // release is watched on the whole page; presses elsewhere (a form's buttons) never count.
  function whenSelected(callback) {
    let pressedInText = false;
    document.addEventListener("mousedown", (e) => { pressedInText = e.button === 0 && container.contains(e.target); });
    document.addEventListener("mouseup", () => {
      if (!pressedInText) return;
      pressedInText = false;
      const span = selectedSpan();
      if (span) callback(span);
    });
  }

  const words = (span) => chars.slice(span.start, span.end).join("");
  return { chars, codePoints, selectedSpan, showDraft, rangeOf, find, reveal, words, whenSelected };
};
