// The postcard wall (projector): each quadrant shows as many postcards as fit and turns to the
// next ones every 8 s, so every postcard comes up. Reads the cards from the DOM; a pushed screen
// replaces them and the wall carries on from the same place.
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

  function layout(list, advance) {
    var key = list.getAttribute("data-wall");
    var cards = list.querySelectorAll(".postcard");
    list.classList.add("wall-live");
    var all = pages(list, cards);
    if (!all.length) return;
    var current = 0;
    for (var p = 0; p < all.length; p++) {
      if (all[p][0] <= (firstShown[key] || 0)) current = p;
    }
    if (advance) current = (current + 1) % all.length;
    var page = all[current];
    firstShown[key] = page[0];
    for (var i = 0; i < cards.length; i++) cards[i].hidden = i < page[0] || i >= page[1];
    var label = list.closest(".scenario-quadrant").querySelector("[data-wall-page]");
    var text = "";
    if (all.length > 1) {
      text = " · " + (page[0] + 1) + (page[1] - page[0] > 1 ? "–" + page[1] : "");
    }
    if (label && label.textContent !== text) label.textContent = text;
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
