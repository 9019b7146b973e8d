// Every page: keyboard focus and screen-reader announcements across htmx swaps.
// - Focus: an htmx swap (a response or a WebSocket push) that replaces the focused element drops
//   the focus to <body>, and the next Tab starts again at the top (or leaves the page). When that
//   happens, focus goes back to the same control in the new content (same id, or the same form
//   and button), else to the control in its place (the same form family: "Öppna" became "Stäng"),
//   else to the heading of the section it was in.
// - Announcements: one polite live region (#announcer, in base.html, never swapped) says what an
//   element marked data-announce says when that changes (the step moved on), and when the
//   WebSocket connection is lost and back. A data-page-title beside it becomes the page's title.
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
  var remembered = null;

  function formOf(element) {
    return element.form || (element.closest && element.closest("form"));
  }

  function formAction(form) {
    return form ? form.getAttribute("hx-post") || form.getAttribute("action") || "" : "";
  }

  function hiddenValues(form) {
    if (!form) return "";
    var inputs = form.querySelectorAll("input[type=hidden]:not([name=csrfmiddlewaretoken])");
    return Array.prototype.map.call(inputs, function (input) {
      return input.name + "=" + input.value;
    }).join("&");
  }

  function keyOf(element) {
    if (element.id) return "#" + element.id;
    if (element.matches("a[href]")) return "a " + element.getAttribute("href");
    var form = formOf(element);
    return [element.tagName, formAction(form), hiddenValues(form),
      (element.name || "") + "=" + (element.value || "")].join("|");
  }

  function familyOf(element) {
    var form = formOf(element);
    if (!form) return null;
    // The same control in another state posts to its sibling URL (…/open/ → …/close/).
    return formAction(form).replace(/[^/]+\/?$/, "") + "|" + hiddenValues(form);
  }

  function all() {
    return Array.prototype.slice.call(document.querySelectorAll(FOCUSABLE));
  }

  function remember(element) {
    var family = familyOf(element);
    var members = family ? all().filter(function (e) { return familyOf(e) === family; }) : [];
    var places = [];
    for (var node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      if (node.id) places.push("#" + CSS.escape(node.id));
      var labelled = node.getAttribute("aria-labelledby");
      if (labelled) places.push("[aria-labelledby='" + labelled.replace(/'/g, "") + "']");
    }
    remembered = {
      element: element, key: keyOf(element), family: family,
      index: members.indexOf(element), places: places
    };
  }

  function focusOn(element) {
    if (!element.matches(FOCUSABLE) && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: false });
  }

  function replacement() {
    var candidates = all();
    var same = candidates.filter(function (e) { return keyOf(e) === remembered.key; });
    if (same.length) return same[0];
    if (remembered.family) {
      var family = candidates.filter(function (e) { return familyOf(e) === remembered.family; });
      if (family.length) return family[Math.min(Math.max(remembered.index, 0), family.length - 1)];
    }
    for (var i = 0; i < remembered.places.length; i++) {
      var place = document.querySelector(remembered.places[i]);
      if (place) return place.querySelector("h1, h2, h3") || place;
    }
    return null;
  }

  function restoreFocus() {
    var active = document.activeElement;
    if (!remembered || remembered.element.isConnected) return;
    if (active && active !== document.body && active !== document.documentElement) return;
    var target = replacement();
    if (target) focusOn(target);
  }

  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.matches && event.target !== document.body) {
      remember(event.target);
    }
  });

  // Announcements
  var lastAnnounced = null;
  var connectionLost = false;

  function say(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    // A new text node each time: screen readers announce an addition, also of the same words.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function announced() {
    var marked = document.querySelector("[data-announce]");
    return marked ? marked : null;
  }

  function announceChange() {
    var marked = announced();
    if (!marked) return;
    var text = marked.getAttribute("data-announce");
    if (text === lastAnnounced) return;
    lastAnnounced = text;
    if (marked.hasAttribute("data-page-title")) {
      document.title = marked.getAttribute("data-page-title");
    }
    say(text);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var marked = announced();
    lastAnnounced = marked ? marked.getAttribute("data-announce") : null;
  });

  var pending = false;
  function afterSwap() {
    if (pending) return;
    pending = true;
    // After the whole swap, out-of-band parts included.
    window.setTimeout(function () {
      pending = false;
      restoreFocus();
      announceChange();
    }, 0);
  }
  ["htmx:afterSwap", "htmx:afterSettle", "htmx:oobAfterSwap", "htmx:wsAfterMessage"].forEach(
    function (name) { document.addEventListener(name, afterSwap); }
  );

  // htmx's ws extension (console, projector; screen.js says "back" once a reopened socket has
  // delivered and stayed up) or the phone's own socket (phone.js).
  function lost() {
    if (connectionLost) return;
    connectionLost = true;
    var region = document.getElementById("announcer");
    var note = document.getElementById("connection");
    say((note && note.textContent.trim()) || (region && region.getAttribute("data-lost")));
  }
  function back() {
    if (!connectionLost) return;
    connectionLost = false;
    var region = document.getElementById("announcer");
    say(region && region.getAttribute("data-back"));
  }
  document.addEventListener("htmx:wsClose", lost);
  document.addEventListener("live:lost", lost);
  document.addEventListener("live:back", back);
})();
