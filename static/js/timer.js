// Countdowns kept on the server: a running timer carries its deadline (data-deadline, ms since
// the epoch), a paused one its seconds left (data-remaining). Ticks locally; a pushed fragment
// replaces the element and is picked up at once.
(function () {
  "use strict";

  function format(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var timers = document.querySelectorAll("[data-timer]");
    var now = Date.now();
    for (var i = 0; i < timers.length; i++) {
      var timer = timers[i];
      var deadline = timer.getAttribute("data-deadline");
      var seconds = deadline
        ? (Number(deadline) - now) / 1000
        : Number(timer.getAttribute("data-remaining") || 0);
      var text = format(seconds);
      if (timer.textContent !== text) timer.textContent = text;
      timer.classList.toggle("timer-done", seconds <= 0.5);
    }
  }

  function start() {
    tick();
    setInterval(tick, 250);
    new MutationObserver(tick).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
