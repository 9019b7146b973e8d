// Every page: keyboard focus and screen-reader announcements across swaps (htmx's on the screens,
// static/js/swap.js's on the phone).
// - Focus: a swap (a response or a WebSocket push) that replaces the focused element drops
//   the focus to <body>, and the next Tab starts again at the top (or leaves the page); so does a
//   focused button that becomes disabled ("Nästa punkt" at the end of the day). When that
//   happens, focus goes back to the same control in the new content (same id, or the same form
//   and button), else to the control in its place (the same form family: "Öppna" became "Stäng"),
//   else to the heading of the section it was in, else to the page's main heading; never <body>.
//   (A field being typed in keeps it through a push: htmx and static/js/swap.js put it back by id.)
// - Announcements: one polite live region (#announcer, in base.html, never swapped) says, once,
//   each text of an element marked data-announce that was not on the page before (the step
//   moved on, a poll arrived, an exercise opened or closed), and when the live connection is
//   lost and back (once each: live.js says "back" only once a socket stayed up). A
//   data-page-title beside it becomes the page's title.
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
    return Array.prototype.filter.call(document.querySelectorAll(FOCUSABLE), function (e) {
      return !e.disabled;
    });
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
    element.focus();
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
      var heading = place && place.querySelector("h1, h2, h3");
      if (heading) return heading;
    }
    return document.querySelector("main h1") || document.getElementById("main");
  }

  function restoreFocus() {
    var active = document.activeElement;
    if (!remembered) return;
    if (remembered.element.isConnected && !remembered.element.disabled) return;
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
  var shownTexts = {};
  var connectionLost = false;

  function say(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    // A new text node each time: screen readers announce an addition, also of the same words.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // The texts marked on the page now; those new since the last look are returned.
  function markedTexts() {
    var now = {};
    var fresh = [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-announce]"), function (marked) {
      var text = marked.getAttribute("data-announce");
      if (!shownTexts[text] && !now[text]) {
        fresh.push(text);
        if (marked.hasAttribute("data-page-title")) {
          document.title = marked.getAttribute("data-page-title");
        }
      }
      now[text] = true;
    });
    shownTexts = now;
    return fresh;
  }

  function announceChange() {
    say(markedTexts().join(" "));
  }

  document.addEventListener("DOMContentLoaded", markedTexts);

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
  // htmx's on the screens, static/js/swap.js's on the phone.
  ["htmx:afterSwap", "htmx:afterSettle", "htmx:oobAfterSwap", "swap:done"].forEach(
    function (name) { document.addEventListener(name, afterSwap); }
  );

  // The live socket (static/js/live.js: "back" once a reopened socket has delivered and stayed up).
  function lost() {
    if (connectionLost) return;
    connectionLost = true;
    var region = document.getElementById("announcer");
    say(region && region.getAttribute("data-lost"));
  }
  function back() {
    if (!connectionLost) return;
    connectionLost = false;
    var region = document.getElementById("announcer");
    say(region && region.getAttribute("data-back"));
  }
  document.addEventListener("live:lost", lost);
  document.addEventListener("live:back", back);
})();
