// Counterpoint's one hand-written script: turn a text selection on the reading page into
// (start, end, exact) in Unicode code points of the article's canonical text, and open
// the "Counter this" form. Everything else on the page is htmx.
//
// Browsers count UTF-16 code units; the server counts code points (Python str indices).
// Every rendered block (a <p>, <h2>, <h3> or <li> with data-offset="N") holds exactly
// text[N:N+len] of the canonical text, so an offset is the block's data-offset plus the
// code points before the boundary inside the block. Between two blocks of one paragraph there is nothing; between two
// paragraphs there is a blank line ("\n\n").
(function () {
  "use strict";

  const BLOCKS = "#article-body [data-offset]";

  function codePoints(s) {
    let n = 0;
    for (const _ of s) n++; // string iteration walks code points, not UTF-16 units
    return n;
  }

  function blockOf(node) {
    const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    return element ? element.closest(BLOCKS) : null;
  }

  function blockStart(p) {
    return Number(p.dataset.offset);
  }

  function blockEnd(p) {
    return blockStart(p) + codePoints(p.textContent);
  }

  // Code-point offset of a DOM boundary point that lies inside block p.
  function offsetIn(p, container, offset) {
    const before = document.createRange();
    before.setStart(p, 0);
    before.setEnd(container, offset);
    return blockStart(p) + codePoints(before.toString());
  }

  // -- Whole words -------------------------------------------------------------------
  // A drag rarely starts and ends exactly between words; half a word quoted reads as a
  // misquote. Intl.Segmenter finds the words, in Chinese too (ICU's dictionary), and the
  // selection's ends move out to the edges of the words they fall in. Offsets stay code
  // points: the segmenter counts UTF-16 units, converted back and forth within the block.
  let words;
  function segmenter() {
    if (words !== undefined) return words;
    words = null;
    if (typeof Intl === "undefined" || !("Segmenter" in Intl)) return words;
    const body = document.getElementById("article-body");
    const tagged = body && body.closest("[lang]");
    try {
      words = new Intl.Segmenter(tagged ? tagged.lang : undefined, { granularity: "word" });
    } catch (error) {
      words = new Intl.Segmenter(undefined, { granularity: "word" });
    }
    return words;
  }

  function unitsOf(chars, points) {
    return chars.slice(0, points).join("").length;
  }

  // `offset` (code points, inside block p) moved to the start (side -1) or the end (side 1)
  // of the word it cuts, or left alone where it already falls between words.
  function snap(p, offset, side) {
    const segments = segmenter();
    if (!segments) return offset;
    const text = p.textContent;
    const chars = Array.from(text);
    const local = offset - blockStart(p);
    if (local <= 0 || local >= chars.length) return offset;
    const at = unitsOf(chars, local);
    const word = segments.segment(text).containing(side < 0 ? at : at - 1);
    if (!word || !word.isWordLike) return offset;
    const from = word.index;
    const to = word.index + word.segment.length;
    if (side < 0 && from < at) return blockStart(p) + codePoints(text.slice(0, from));
    if (side > 0 && to > at) return blockStart(p) + codePoints(text.slice(0, to));
    return offset;
  }

  // The selection as {start, end, exact}, or null if it is not in the article.
  function selectionSpan(selection) {
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const blocks = Array.from(document.querySelectorAll(BLOCKS)).filter((p) =>
      range.intersectsNode(p)
    );
    if (blocks.length === 0) return null;
    const first = blocks[0];
    const last = blocks[blocks.length - 1];
    const startBlock = blockOf(range.startContainer);
    const endBlock = blockOf(range.endContainer);
    let start = startBlock
      ? offsetIn(startBlock, range.startContainer, range.startOffset)
      : blockStart(first);
    let end = endBlock ? offsetIn(endBlock, range.endContainer, range.endOffset) : blockEnd(last);
    if (end <= start) return null;
    if (startBlock) start = snap(startBlock, start, -1);
    if (endBlock) end = snap(endBlock, end, 1);

    // Rebuild the exact words from the blocks, with the paragraph gaps the text has.
    let exact = "";
    let position = start;
    for (const p of blocks) {
      const chars = Array.from(p.textContent);
      const from = Math.max(start, blockStart(p));
      const to = Math.min(end, blockEnd(p));
      if (to <= from) continue;
      exact += "\n".repeat(Math.max(0, from - position));
      exact += chars.slice(from - blockStart(p), to - blockStart(p)).join("");
      position = to;
    }
    // Leave out whitespace at the edges (a double or triple click takes it along).
    const chars = Array.from(exact);
    while (chars.length && /\s/.test(chars[0])) {
      chars.shift();
      start++;
    }
    while (chars.length && /\s/.test(chars[chars.length - 1])) {
      chars.pop();
      end--;
    }
    if (chars.length === 0) return null;
    return { start: start, end: start + chars.length, exact: chars.join("") };
  }

  // The DOM position of a code-point offset, for restoring a selection after sign-in.
  function domPosition(offset) {
    for (const p of document.querySelectorAll(BLOCKS)) {
      if (offset < blockStart(p) || offset > blockEnd(p)) continue;
      let remaining = offset - blockStart(p);
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node) {
        const chars = Array.from(node.data);
        if (remaining <= chars.length) {
          return { node: node, offset: chars.slice(0, remaining).join("").length };
        }
        remaining -= chars.length;
        node = walker.nextNode();
      }
      return { node: p, offset: p.childNodes.length };
    }
    return null;
  }

  function place(element, rect) {
    element.style.top = window.scrollY + rect.bottom + 8 + "px";
    const left = window.scrollX + rect.left;
    element.style.left = Math.max(8, Math.min(left, window.innerWidth - 280)) + "px";
  }

  function init() {
    const body = document.getElementById("article-body");
    const control = document.getElementById("counter-this");
    if (!body || !control) return;
    const form = document.getElementById("highlight-form");
    let current = null;

    function hide() {
      control.hidden = true;
    }

    function update() {
      if (form && !form.hidden && form.contains(document.activeElement)) return;
      const selection = window.getSelection();
      const span = selectionSpan(selection);
      current = span;
      if (!span) return hide();
      if (control.dataset.login) {
        // Anonymous reader: sign in, then come back to the same words.
        const back = new URL(window.location.href);
        back.hash = "";
        back.searchParams.set("sel", span.start + "-" + span.end);
        control.href = control.dataset.login + "?next=" + encodeURIComponent(back.pathname + back.search);
      }
      control.hidden = false;
      place(control, selection.getRangeAt(0).getBoundingClientRect());
    }

    // Show the words that will be quoted: the selection, grown to whole words.
    function reselect(span) {
      const from = domPosition(span.start);
      const to = domPosition(span.end);
      if (!from || !to) return;
      const range = document.createRange();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }

    function open() {
      if (!current || !form) return;
      reselect(current);
      form.elements.start.value = current.start;
      form.elements.end.value = current.end;
      form.elements.exact.value = current.exact;
      document.getElementById("highlight-quote").textContent = current.exact;
      const errors = document.getElementById("highlight-errors");
      if (errors) errors.textContent = "";
      form.hidden = false;
      form.style.top = control.style.top;
      form.style.left = control.style.left;
      hide();
      // The form's first question first: the stance, while none is chosen.
      const stance = form.querySelector("input[name=stance]:checked") ? null : form.querySelector("input[name=stance]");
      (stance || form.querySelector("textarea") || form.querySelector("button[type=submit]")).focus();
    }

    function close() {
      if (form) form.hidden = true;
    }

    let timer = null;
    document.addEventListener("selectionchange", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
    if (form) {
      control.addEventListener("click", open);
      form.querySelector("[data-cancel]").addEventListener("click", close);
      document.body.addEventListener("passage-highlighted", function () {
        close();
        window.getSelection().removeAllRanges();
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape") close();
      });
    }

    // Back from signing in with ?sel=start-end: select those words again.
    const params = new URLSearchParams(window.location.search);
    const match = /^(\d+)-(\d+)$/.exec(params.get("sel") || "");
    if (match) {
      const from = domPosition(Number(match[1]));
      const to = domPosition(Number(match[2]));
      if (from && to) {
        const range = document.createRange();
        range.setStart(from.node, from.offset);
        range.setEnd(to.node, to.offset);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        update();
        if (form) open();
      }
    }
  }

  // The import form: a paste larger than the server will read is refused here, before
  // sending, so the text stays in the box (the server can only answer without it).
  function guardPaste() {
    const box = document.querySelector("textarea[data-max-bytes]");
    if (!box || !box.form) return;
    box.form.addEventListener("submit", function (event) {
      const size = new Blob([box.value]).size;
      let note = document.getElementById("paste-too-large");
      if (size <= Number(box.dataset.maxBytes)) {
        if (note) note.remove();
        return;
      }
      event.preventDefault();
      if (!note) {
        note = document.createElement("p");
        note.id = "paste-too-large";
        note.className = "errorlist";
        note.setAttribute("role", "alert");
        box.insertAdjacentElement("afterend", note);
      }
      note.textContent = box.dataset.tooLarge;
      box.setAttribute("aria-describedby", note.id);
      box.focus();
    });
  }

  // Exposed for the browser tests and for debugging.
  window.counterpoint = { selectionSpan: selectionSpan, domPosition: domPosition };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
    document.addEventListener("DOMContentLoaded", guardPaste);
  } else {
    init();
    guardPaste();
  }
})();
