// On a laptop each console column scrolls on its own: keep the program's current item in view
// after the page loads and whenever the program is replaced (the facilitator moved the day on).
(function () {
  "use strict";

  function showNow() {
    var now = document.querySelector(".timeline-now");
    var column = now && now.closest(".console-column");
    if (!column || column.scrollHeight <= column.clientHeight) return;
    var offset = now.getBoundingClientRect().top - column.getBoundingClientRect().top;
    if (offset < 0 || offset > column.clientHeight - now.offsetHeight) {
      column.scrollTop += offset - column.clientHeight / 3;
    }
  }

  document.addEventListener("DOMContentLoaded", showNow);
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (target && target.id === "live") showNow();
  });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "program") showNow();
  });

  // A click whose request failed (a server process died, a proxy error) changed nothing: say so,
  // so the facilitator clicks again, instead of a button that silently did nothing.
  function requestError(message) {
    var box = document.getElementById("request-error");
    if (!box) return;
    box.textContent = message ? box.dataset[message] : "";
    box.hidden = !message;
  }
  // Heard on the clicked element itself: a push may replace its form while the request is under
  // way, and htmx's events on a detached element never reach the document.
  function failed(event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    requestError(status === 403 ? "stale" : "unreachable");
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var clicked = event.detail && event.detail.elt;
    if (!clicked) return;
    function done(after) {
      clicked.removeEventListener("htmx:sendError", failed);
      clicked.removeEventListener("htmx:responseError", failed);
      clicked.removeEventListener("htmx:afterRequest", done);
      if (after.detail && after.detail.successful) requestError("");
    }
    clicked.addEventListener("htmx:sendError", failed);
    clicked.addEventListener("htmx:responseError", failed);
    clicked.addEventListener("htmx:afterRequest", done);
  });
})();
