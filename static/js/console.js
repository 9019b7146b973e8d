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

  // A click whose request failed (a server process died, a proxy error, the network) may still
  // have been saved: its response can be lost after the change was written. So before saying
  // anything, ask the server for the console as it is now (it also replaces what is shown) and
  // compare the day's live version with the one at the click: every step, exercise and results
  // action raises it. "Nothing changed" is said only when that is known, and a change that was
  // saved is never offered again (a second "Nästa punkt" would skip a step).
  function requestError(message) {
    var box = document.getElementById("request-error");
    if (!box) return;
    box.textContent = message ? box.dataset[message] : "";
    box.hidden = !message;
  }
  function liveVersion(root) {
    var exercises = root && root.querySelector("[data-live-version]");
    return exercises ? Number(exercises.getAttribute("data-live-version")) : NaN;
  }
  function currentConsole() {
    return fetch(window.location.pathname, {
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    });
  }
  function checkState(versionAtClick, raisesVersion, triesLeft) {
    requestError("checking");
    currentConsole()
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        var live = document.getElementById("live");
        if (!fresh || !live) throw new Error("no console");
        live.replaceWith(fresh);
        if (window.htmx) window.htmx.process(fresh);
        if (liveVersion(fresh) > versionAtClick) requestError("saved");
        else requestError(raisesVersion ? "unreachable" : "unreachableShown");
      })
      .catch(function () {
        if (triesLeft > 0) {
          window.setTimeout(function () {
            checkState(versionAtClick, raisesVersion, triesLeft - 1);
          }, 1000);
        } else {
          requestError("unknown");
        }
      });
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var clicked = event.detail && event.detail.elt;
    if (!clicked) return;
    var versionAtClick = liveVersion(document);
    // The program's and the exercises' actions all raise the live version; the projector's,
    // moderation's and the talks' do not (and are safe to repeat).
    var raisesVersion = !!clicked.closest("#program, #exercises");
    // Heard on the clicked element itself: a push may replace its form while the request is
    // under way, and htmx's events on a detached element never reach the document. A request
    // that never got a response ends with afterRequest before its sendError: decide there.
    function done(after) {
      clicked.removeEventListener("htmx:afterRequest", done);
      if (after.detail && after.detail.successful) return requestError("");
      var status = after.detail && after.detail.xhr ? after.detail.xhr.status : 0;
      if (status === 403) requestError("stale");
      else if (status >= 400 && status < 500) requestError("refused");
      else checkState(versionAtClick, raisesVersion, 3);
    }
    clicked.addEventListener("htmx:afterRequest", done);
  });
})();
