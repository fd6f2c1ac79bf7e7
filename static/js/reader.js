// The reading page for keyboards, screen readers and phones: every marked passage is a
// stop on the Tab key in reading order; Enter or Space opens it and puts focus in its
// panel; Escape (or the panel's Close link) closes it and gives focus back to what opened
// it. On narrow screens the panel is a bottom sheet (site.css) and the page scrolls so the
// passage stays in sight above it. A keyboard selection in the text opens "Counter this"
// with Enter. Turning a selection into offsets is selection.js's job; htmx does the rest.
(function () {
  "use strict";

  const FIRST_PIECES = "#article-body mark.hl[id]";
  const WIDE = window.matchMedia("(min-width: 72rem)");
  let opener = null; // the element whose activation opened the panel
  let reordering = false; // the last request came from inside the panel (an ordering)

  function site() {
    return window.counterpointSite;
  }

  function panel() {
    return document.getElementById("passage-panel");
  }

  function openPassage() {
    const section = panel() && panel().querySelector(".passage");
    return section ? section.dataset.passage : null;
  }

  function prepareMarks() {
    document.querySelectorAll(FIRST_PIECES).forEach(function (mark) {
      if (mark.tabIndex !== 0) mark.tabIndex = 0;
      mark.setAttribute("aria-describedby", "mark-hint");
    });
  }

  // A passage's first piece, which carries its id and its place in the Tab order.
  function firstPiece(element) {
    const mark = element && element.closest && element.closest("#article-body mark.hl");
    return mark ? document.getElementById("mark-" + mark.dataset.highlight) || mark : null;
  }

  // On a phone the panel covers the lower part of the screen: bring the passage into the
  // part above it, so the words being discussed stay visible.
  function keepPassageInSight(id) {
    if (WIDE.matches) return;
    const mark = document.getElementById("mark-" + id);
    const sheet = panel();
    if (!mark || !sheet) return;
    const free = window.innerHeight - sheet.getBoundingClientRect().height;
    const rect = mark.getBoundingClientRect();
    if (rect.top >= 8 && rect.bottom <= free - 8) return;
    const margin = Math.max(8, Math.min(48, (free - rect.height) / 3));
    window.scrollTo({ top: window.scrollY + rect.top - margin, behavior: "instant" });
  }

  function opened() {
    const id = openPassage();
    document.body.classList.toggle("passage-open", Boolean(id));
    if (!id) return;
    const title = panel().querySelector(".panel-title");
    if (title) title.focus({ preventScroll: true });
    if (WIDE.matches && title) title.scrollIntoView({ block: "nearest" });
    keepPassageInSight(id);
    if (site()) site().announce(site().phrase("passageOpened"));
  }

  function close() {
    const id = openPassage();
    if (!id) return;
    const sheet = panel();
    const back = opener && opener.isConnected ? opener : document.getElementById("mark-" + id);
    const link = sheet.querySelector("[data-close-panel]");
    const url = link ? link.getAttribute("href") : null;
    sheet.replaceChildren();
    document.body.classList.remove("passage-open");
    if (url && window.location.pathname !== url) window.history.pushState({}, "", url);
    opener = null;
    if (back) {
      back.focus({ preventScroll: true });
      back.scrollIntoView({ block: "nearest" });
    }
    if (site()) site().announce(site().phrase("passageClosed"));
  }

  function typing(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function interactive(element) {
    return (
      typing(element) ||
      (element && element.closest && element.closest("a[href], button, summary, mark.hl[tabindex]"))
    );
  }

  function onKeydown(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target.matches && target.matches("mark.hl")) {
      event.preventDefault(); // Space would scroll the page
      opener = target;
      target.click(); // the mark's hx-get opens its panel
      return;
    }
    if (event.key === "Enter" && !interactive(target)) {
      // A selection made with the keyboard (caret browsing, Shift+arrows): Enter counters it.
      const control = document.getElementById("counter-this");
      if (control && !control.hidden) {
        event.preventDefault();
        control.click();
      }
      return;
    }
    if (event.key === "Escape" && openPassage()) {
      const form = document.getElementById("highlight-form");
      if (form && !form.hidden) return; // selection.js closes the answer form first
      // Never throw away words being typed: Escape leaves a filled-in field alone.
      if (typing(target) && target.value) return;
      event.preventDefault();
      close();
    }
  }

  // The "Counter this" form (selection.js fills and opens it). On a wide screen it opens
  // in the side column beside the words, never over them; on a narrow one it is a bottom
  // sheet (site.css) and the words are scrolled into the part of the screen above it.
  let selected = null; // the last selection in the text, in page coordinates
  function rememberSelection() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const article = document.getElementById("article-body");
    if (!article || !article.contains(range.commonAncestorContainer)) return;
    const rect = range.getBoundingClientRect();
    selected = { top: rect.top + window.scrollY, bottom: rect.bottom + window.scrollY };
  }

  function placeAnswerForm(form) {
    // Room below the article to scroll the words above the sheet, even at the page's end.
    document.body.classList.toggle("answering", !form.hidden && !WIDE.matches);
    if (form.hidden) return;
    const article = document.getElementById("article-body").getBoundingClientRect();
    if (WIDE.matches) {
      const reader = document.querySelector(".reader").getBoundingClientRect();
      const left = article.right + 40;
      form.style.left = window.scrollX + left + "px";
      form.style.width = Math.max(288, Math.min(416, reader.right - left)) + "px";
      if (selected) form.style.top = selected.top + "px";
      return;
    }
    form.style.width = "";
    if (!selected) return;
    const free = window.innerHeight - form.getBoundingClientRect().height;
    const top = selected.top - window.scrollY;
    if (top >= 8 && selected.bottom - window.scrollY <= free - 8) return;
    window.scrollTo({ top: selected.top - Math.max(8, Math.min(48, free / 4)), behavior: "instant" });
  }

  function init() {
    const article = document.getElementById("article-body");
    if (!article) return;
    const hint = document.getElementById("mark-hint");
    if (hint) hint.hidden = false;
    prepareMarks();
    document.addEventListener("keydown", onKeydown);
    document.addEventListener("selectionchange", rememberSelection);
    const form = document.getElementById("highlight-form");
    if (form) {
      new MutationObserver(function () {
        placeAnswerForm(form);
      }).observe(form, { attributes: true, attributeFilter: ["hidden"] });
    }
    document.addEventListener("click", function (event) {
      const link = event.target.closest && event.target.closest("[data-close-panel]");
      if (link && panel() && panel().contains(link)) {
        event.preventDefault();
        close();
        return;
      }
      const mark = firstPiece(event.target);
      if (mark) opener = mark;
    });
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      const from = event.detail.elt;
      const target = event.detail.target;
      if (!target || target.id !== "passage-panel" || !from) return;
      reordering = panel().contains(from);
      // A passage list's link, or a mark: that is where Escape will return.
      if (!reordering) opener = from.matches("mark.hl") ? firstPiece(from) : from;
    });
    document.body.addEventListener("htmx:afterSettle", function (event) {
      prepareMarks();
      const target = event.detail.target;
      if (target && target.id === "passage-panel") {
        const current = panel().querySelector(".orderings a.current");
        if (reordering && current) {
          // The reader changed the order inside the panel: keep them on the orderings.
          reordering = false;
          current.focus();
          return;
        }
        opened();
      }
    });
    // The reader asked for a passage straight away (a deep link, a full page load).
    if (openPassage()) {
      document.body.classList.add("passage-open");
      opener = document.getElementById("mark-" + openPassage());
      keepPassageInSight(openPassage());
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
