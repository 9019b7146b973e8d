// Text limits while typing: "120 av 2 000 tecken", or how much too long. Characters are counted
// as people count them (an emoji once), as the server does (exercises/textlimit.py). Fields
// have no maxlength: text is never cut; the server says when it is too long and keeps it.
(function () {
  "use strict";

  var segmenter =
    window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

  function length(text) {
    if (!segmenter) return Array.from(text).length;
    var count = 0;
    var iterator = segmenter.segment(text)[Symbol.iterator]();
    while (!iterator.next().done) count += 1;
    return count;
  }

  function format(number) {
    return number.toLocaleString(document.documentElement.lang || undefined);
  }

  function update(field) {
    var counter = document.getElementById(field.getAttribute("data-count"));
    if (!counter) return;
    var limit = parseInt(counter.getAttribute("data-limit"), 10);
    var used = length(field.value);
    var over = used > limit;
    var text = over ? counter.getAttribute("data-over") : counter.getAttribute("data-used");
    counter.textContent = text
      .replace("{used}", format(used))
      .replace("{limit}", format(limit))
      .replace("{over}", format(used - limit));
    counter.classList.toggle("text-count-over", over);
    if (over) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field && field.hasAttribute && field.hasAttribute("data-count")) update(field);
  });
})();
