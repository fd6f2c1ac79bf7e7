// Page-wide behaviour around htmx, on every page: refusals stay where the action was,
// focus follows the action, and a live region says what happened. The reading page's
// own keyboard and touch behaviour is in reader.js; text selection in selection.js.
(function () {
  "use strict";

  // -- Refusals in place -------------------------------------------------------------
  // With DEBUG on, django-htmx's debug script (listening on the document) replaces the
  // whole page with any 400, 403, 404 or 500 answer, so a developer sees Django's error
  // page. A refusal is a fragment written for its place in this page, not an error page:
  // stop it on <body>, before the document hears of it, and htmx goes on to swap it where
  // the server said (base.html's responseHandling). Whole documents (Django's debug
  // pages) still reach the debug script.
  const WHOLE_DOCUMENT = /^\s*(<!doctype|<html[\s>])/i;

  function keepRefusalsInPlace() {
    document.body.addEventListener("htmx:beforeOnLoad", function (event) {
      const xhr = event.detail.xhr;
      if (!xhr || xhr.status < 400) return;
      if (!WHOLE_DOCUMENT.test(String(xhr.responseText || "").slice(0, 200))) {
        event.stopPropagation();
      }
    });
  }

  // -- The live region ---------------------------------------------------------------
  function announce(message) {
    const live = document.getElementById("live-status");
    if (!live || !message) return;
    // Empty first, then write: a screen reader announces a change, not a repeat.
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = message;
    }, 60);
  }

  function phrase(key, values) {
    const live = document.getElementById("live-status");
    const text = live ? live.dataset[key] || "" : "";
    return text.replace(/\{(\w+)\}/g, function (_, name) {
      return values && name in values ? String(values[name]) : "";
    });
  }

  // -- Focus after an htmx action ----------------------------------------------------
  // The server says what happened with HX-Trigger events (they fire before the swap);
  // once the new content has settled, focus lands on the natural next element.
  let pending = null; // {kind, detail}
  let activeBefore = null; // what had focus when the request left: {id, value}

  function focusable(element) {
    if (!element) return null;
    if (element.tabIndex < 0 && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    return element;
  }

  function focus(element) {
    if (!element) return false;
    focusable(element).focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest" });
    return document.activeElement === element;
  }

  function lostFocus() {
    const active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }

  function settle(target) {
    const event = pending;
    pending = null;
    const id = event && event.detail ? event.detail.id : null;
    if (event && event.kind === "vote-changed") {
      const widget = document.getElementById("vote-widget-" + id);
      const pressed = widget && widget.querySelector("button[aria-pressed=true]");
      const same =
        widget && activeBefore && widget.querySelector('button[value="' + activeBefore.value + '"]');
      focus(same || pressed || (widget && widget.querySelector("button")));
      announce(phrase(pressed ? "voteChanged" : "voteWithdrawn", event.detail));
      return;
    }
    if (event && event.kind === "item-flagged") {
      focus(document.getElementById("flag-" + event.detail.kind + "-" + id));
      return; // the "Flagged" note is a status of its own and says it
    }
    if (event && event.kind === "passage-highlighted") {
      focus(document.querySelector("#passage-panel .panel-title"));
      announce(phrase("passageHighlighted"));
      return;
    }
    if (event && event.kind.startsWith("counterargument-")) {
      const item = document.getElementById("ca-" + id);
      focus(item || document.querySelector("#passage-panel .panel-title"));
      const key = event.kind.replace(/-(\w)/g, function (_, c) {
        return c.toUpperCase();
      });
      announce(phrase(key));
      return;
    }
    // No event: an error re-rendered the form, or a refusal came back. Say it, and put
    // focus on the field to fix (or on the message) if the swap took focus away.
    const scope = target && target.isConnected ? target : document;
    const alert = scope.querySelector("[role=alert]:not(:empty), .errorlist:not(:empty)");
    if (alert && alert.textContent.trim()) announce(alert.textContent.trim());
    if (!lostFocus()) return;
    const form = alert && alert.closest("form");
    const field = form && form.querySelector("[aria-invalid=true], textarea, input:not([type=hidden])");
    if (field) {
      focus(field);
    } else if (activeBefore && activeBefore.id && document.getElementById(activeBefore.id)) {
      focus(document.getElementById(activeBefore.id));
    } else if (alert) {
      focus(alert);
    } else if (target && target.isConnected) {
      focus(target);
    }
  }

  const EVENTS = [
    "vote-changed",
    "item-flagged",
    "passage-highlighted",
    "counterargument-created",
    "counterargument-edited",
    "counterargument-removed",
  ];

  function followFocus() {
    const body = document.body;
    body.addEventListener("htmx:beforeRequest", function () {
      const active = document.activeElement;
      activeBefore = active && active !== body ? { id: active.id, value: active.value } : null;
      pending = null;
    });
    EVENTS.forEach(function (kind) {
      body.addEventListener(kind, function (event) {
        pending = { kind: kind, detail: event.detail || {} };
      });
    });
    let queued = null;
    body.addEventListener("htmx:afterSettle", function (event) {
      // One settle per response, even when out-of-band pieces settle too.
      if (queued) return;
      const target = event.detail.target;
      const requestConfig = event.detail.requestConfig || {};
      queued = window.setTimeout(function () {
        queued = null;
        const asked = document.querySelector("[data-autofocus]");
        if (asked) {
          // A form fetched to be filled in (an edit): its first field.
          asked.removeAttribute("data-autofocus");
          focus(asked.querySelector("textarea, input:not([type=hidden])") || asked);
          return;
        }
        if (requestConfig.verb === "get" && !pending) return; // reader.js handles reads
        settle(target);
      }, 0);
    });
  }

  // Exposed for reader.js.
  window.counterpointSite = { announce: announce, phrase: phrase, focus: focus };

  function init() {
    keepRefusalsInPlace();
    followFocus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
