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

  //
  // Failures that are not refusals get a sentence in place too, never nothing and never
  // a page swapped into a button: an item gone since the page loaded (404), a session
  // changed in another tab (Django's CSRF page, 403), a server error (5xx) and a lost
  // connection. Only with DEBUG on does a server error still show Django's traceback.
  function keepRefusalsInPlace() {
    const body = document.body;
    body.addEventListener("htmx:beforeRequest", function (event) {
      clearTrouble(event.detail.elt);
    });
    body.addEventListener("htmx:beforeOnLoad", function (event) {
      const xhr = event.detail.xhr;
      if (!xhr || xhr.status < 400) return;
      if (!WHOLE_DOCUMENT.test(String(xhr.responseText || "").slice(0, 200))) {
        event.stopPropagation();
        return;
      }
      if (xhr.status >= 500 && document.querySelector("script[src*='django-htmx.js'][data-debug=True]")) {
        return; // a developer's server error: the debug script shows the traceback
      }
      // A whole page (Django's 404, CSRF or 500 page) has no place in this one.
      event.preventDefault();
      event.stopPropagation();
      trouble(event.detail.elt, failureSentence(xhr.status));
    });
    // A fragment the page does not swap (a 503 "busy", a 400, a 413): its words.
    body.addEventListener("htmx:responseError", function (event) {
      const xhr = event.detail.xhr;
      const holder = document.createElement("template");
      holder.innerHTML = String((xhr && xhr.responseText) || "");
      const said = holder.content.textContent.replace(/\s+/g, " ").trim();
      trouble(event.detail.elt, said && said.length <= 300 ? said : failureSentence(xhr ? xhr.status : 0));
    });
    body.addEventListener("htmx:sendError", function (event) {
      trouble(event.detail.elt, phrase("failedOffline"));
    });
  }

  function failureSentence(status) {
    if (status === 404 || status === 410) return phrase("failedGone");
    if (status === 403) return phrase("failedSession");
    if (status === 413) return phrase("failedTooLarge");
    if (status >= 500) return phrase("failedServer");
    return phrase("failedOther");
  }

  // Where a failure is said: the answer's own error line, else the form the request
  // came from, else the alert area at the top of the page (#flash, kept in sight).
  function troubleSpot(elt, create) {
    if (!elt || !elt.closest) return document.getElementById("flash");
    const item = elt.closest(".counterargument[id^=ca-]");
    const line = item && document.getElementById("item-error-" + item.id.slice(3));
    if (line) return line;
    const form = elt.closest("form") || (elt.form ? elt.form : null);
    if (form && !form.closest("#article-body")) {
      let note = form.querySelector("[data-request-error]");
      if (!note && create) {
        note = document.createElement("p");
        note.className = "errorlist nonfield";
        note.setAttribute("data-request-error", "");
        form.appendChild(note);
      }
      if (note || !create) return note;
    }
    return document.getElementById("flash");
  }

  function trouble(elt, message) {
    if (!message) return;
    const spot = troubleSpot(elt, true);
    if (spot) {
      if (spot.id === "flash") {
        spot.replaceChildren();
        const note = document.createElement("p");
        note.className = "errorlist nonfield";
        note.textContent = message;
        spot.appendChild(note);
      } else {
        spot.textContent = message;
      }
      spot.setAttribute("data-request-error", "");
      spot.scrollIntoView({ block: "nearest" });
    }
    announce(message);
  }

  function clearTrouble(elt) {
    const spot = troubleSpot(elt, false);
    if (spot && spot.hasAttribute("data-request-error")) {
      spot.replaceChildren();
      if (spot.id === "flash" || spot.id.startsWith("item-error-")) spot.removeAttribute("data-request-error");
    }
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
