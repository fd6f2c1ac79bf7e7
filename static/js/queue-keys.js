// The review queue at keyboard speed: j/k move between the items still to decide (the
// appeals first, then the flagged items; Tab reaches an appeal's reason and buttons),
// a keeps (dismisses the flags), h hides and r removes (each then asks for the reason,
// Enter sends), s adds a suspension of the author (press again for a longer one), Esc
// leaves a field. Keys typed into a field are the field's: nothing here fires then.
// The forms are the page's own htmx forms; this script only fills and sends them.
(function () {
  "use strict";

  const QUEUE = "#queue";
  const OPEN_ITEM = ".queue-item:has(form.moderation-form)";
  const OPEN_APPEAL = "#appeals .appeal-item:has(form.appeal-decision)";
  const PAGE = `${QUEUE}, #appeals`;
  const DURATIONS = ["", "7d", "30d", "permanent", "1d"];
  let current = null;

  function items() {
    return Array.from(document.querySelectorAll(`${OPEN_APPEAL}, ${QUEUE} ${OPEN_ITEM}`));
  }

  // The flagged item the decision keys act on (an appeal is decided with its own buttons).
  function flagged() {
    if (!current) move(1);
    return current && current.querySelector("form.moderation-form");
  }

  function select(item, focus = true) {
    if (current) {
      current.classList.remove("is-current");
      current.removeAttribute("aria-current");
    }
    current = item || null;
    if (!current) return;
    current.classList.add("is-current");
    current.setAttribute("aria-current", "true");
    if (!focus) return;
    current.focus({ preventScroll: true });
    current.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const list = items();
    if (!list.length) return;
    const at = list.indexOf(current);
    const next = at < 0 ? 0 : Math.min(Math.max(at + step, 0), list.length - 1);
    select(list[next]);
  }

  function typing(target) {
    return (
      target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
    );
  }

  function decide(action) {
    const form = flagged();
    if (!form) return;
    form.elements.action.value = action;
    const reason = form.elements.reason;
    if (action === "keep" || reason.value.trim()) {
      form.requestSubmit();
    } else {
      // Hiding and removing need a reason the member will read: ask for it.
      reason.focus();
    }
  }

  function suspendLonger() {
    const form = flagged();
    if (!form) return;
    const duration = form.elements.duration;
    const at = DURATIONS.indexOf(duration.value);
    duration.value = DURATIONS[(at + 1) % DURATIONS.length];
    duration.dispatchEvent(new Event("change", { bubbles: true }));
    current.classList.toggle("will-suspend", duration.value !== "");
  }

  const KEYS = {
    j: () => move(1),
    k: () => move(-1),
    a: () => decide("keep"),
    h: () => decide("hide"),
    r: () => decide("remove"),
    s: () => suspendLonger(),
  };

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && typing(event.target) && event.target.closest(PAGE)) {
      event.target.blur();
      if (current) current.focus({ preventScroll: true });
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const action = KEYS[event.key];
    if (!action || !document.querySelector(PAGE)) return;
    event.preventDefault();
    action();
  });

  // A decided item is swapped for its confirmation: go on to the next one still open.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const swapped = event.detail.target;
    if (!swapped || !swapped.id) return;
    if (!/^(queue|appeal)-item-/.test(swapped.id)) return;
    const resolved = document.getElementById(swapped.id);
    const refused = resolved && resolved.querySelector("form.moderation-form, form.appeal-decision");
    if (refused) return; // the decision was refused: stay on the item
    const list = items();
    const next = list.find(
      (item) => resolved && resolved.compareDocumentPosition(item) & Node.DOCUMENT_POSITION_FOLLOWING
    );
    current = null;
    select(next || list[0]);
  });

  const legend = document.getElementById("queue-keys");
  if (legend) legend.hidden = false;
  select(items()[0], false); // marked, not focused: loading a page moves no focus
})();
