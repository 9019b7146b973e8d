// The postcard wall (projector): each quadrant shows as many postcards as fit and turns to the
// next ones every 8 s, so every postcard comes up. Reads the cards from the DOM; a pushed screen
// replaces them and the wall carries on from the same place. The push carries the newest few of
// each quadrant (its frame does not grow with the room): past them, the wall fetches the next
// ones over HTTP (data-wall-more), and after the last starts again from the newest.
(function () {
  "use strict";

  var ROTATE_MS = 8000;
  var firstShown = {}; // quadrant → index of the first card on screen

  function pages(list, cards) {
    for (var i = 0; i < cards.length; i++) cards[i].hidden = false;
    var room = list.clientHeight;
    var gap = parseFloat(getComputedStyle(list).rowGap) || 0;
    var result = [];
    var index = 0;
    while (index < cards.length) {
      var start = index;
      var used = cards[index].offsetHeight;
      index++;
      while (index < cards.length && used + gap + cards[index].offsetHeight <= room) {
        used += gap + cards[index].offsetHeight;
        index++;
      }
      result.push([start, index]);
    }
    return result;
  }

  // The quadrant's next postcards (after the ones on the page), or its newest after the last:
  // fetched while its last page is up, swapped in when the wall turns past it.
  var fetched = {}; // quadrant → {offset, html} ready to show, or "loading"
  var showing = {}; // quadrant → the fetched {offset, html} on screen: a push keeps the place

  function prefetch(list, key) {
    var url = list.getAttribute("data-wall-more");
    var total = parseInt(list.getAttribute("data-wall-count"), 10) || 0;
    var shown = list.querySelectorAll(".postcard").length;
    if (!url || total <= shown || fetched[key]) return;
    var offset = (parseInt(list.getAttribute("data-wall-offset"), 10) || 0) + shown;
    if (offset >= total) offset = 0;
    fetched[key] = "loading";
    fetch(url + "?fran=" + offset, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) { fetched[key] = html.trim() ? { offset: offset, html: html } : null; })
      .catch(function () { fetched[key] = null; });
  }

  function turnOver(list, key) {
    var next = fetched[key];
    if (!next || next === "loading") return false;
    fetched[key] = null;
    firstShown[key] = 0;
    showing[key] = next;
    list.setAttribute("data-wall-offset", next.offset);
    list.innerHTML = next.html;
    layout(list, false);
    return true;
  }

  // A pushed wall starts from the newest: past them, it goes on with the fetched ones
  // it showed (the push brings the new counts; the next turn fetches afresh).
  function keepPlace(list, key) {
    var place = showing[key];
    if (list.hasAttribute("data-wall-offset") || !place || !place.offset) return;
    list.setAttribute("data-wall-offset", place.offset);
    list.innerHTML = place.html;
  }

  function layout(list, advance) {
    var key = list.getAttribute("data-wall");
    keepPlace(list, key);
    var cards = list.querySelectorAll(".postcard");
    list.classList.add("wall-live");
    var all = pages(list, cards);
    if (!all.length) return;
    var current = 0;
    for (var p = 0; p < all.length; p++) {
      if (all[p][0] <= (firstShown[key] || 0)) current = p;
    }
    var more = list.hasAttribute("data-wall-more") &&
      (parseInt(list.getAttribute("data-wall-count"), 10) || 0) > cards.length;
    if (advance && more && current === all.length - 1) {
      // Past the last page: the next postcards, fetched meanwhile; this page stays until then.
      if (turnOver(list, key)) return;
      advance = false;
    }
    if (advance) current = (current + 1) % all.length;
    var page = all[current];
    firstShown[key] = page[0];
    for (var i = 0; i < cards.length; i++) cards[i].hidden = i < page[0] || i >= page[1];
    var label = list.closest(".scenario-quadrant").querySelector("[data-wall-page]");
    var text = "";
    var offset = parseInt(list.getAttribute("data-wall-offset"), 10) || 0;
    var total = parseInt(list.getAttribute("data-wall-count"), 10) || cards.length;
    if (all.length > 1 || total > cards.length) {
      text = " · " + (offset + page[0] + 1) + (page[1] - page[0] > 1 ? "–" + (offset + page[1]) : "");
    }
    if (label && label.textContent !== text) label.textContent = text;
    if (more && current === all.length - 1) prefetch(list, key);
  }

  function layoutAll(advance) {
    var lists = document.querySelectorAll("[data-wall]");
    for (var i = 0; i < lists.length; i++) layout(lists[i], advance);
  }

  function start() {
    layoutAll(false);
    setInterval(function () { layoutAll(true); }, ROTATE_MS);
    window.addEventListener("resize", function () { layoutAll(false); });
    new MutationObserver(function (changes) {
      for (var i = 0; i < changes.length; i++) {
        if (!changes[i].target.closest || !changes[i].target.closest("[data-wall-page]")) {
          return layoutAll(false);
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
