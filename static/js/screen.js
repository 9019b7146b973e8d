// Screens (projector, console): never stay behind the live state, and never say they are live
// when they are not. The socket is static/js/live.js's (the phone's too: its reconnects, the
// beacon with the event's live version every 5 s and the resync when a push was lost, the
// message format); each pushed part comes as {"type": "fragment", "target": id, "html": …}.
// The version shown is the highest data-live-version on the page.
//
// The status line (#screen-status) says when the socket is lost, and "Kontakten är tillbaka" is
// said only once a reopened socket has delivered and stayed up (live.js). A close with 1009/1011
// (the server could not send a frame) or a socket that keeps failing: the screen's parts
// ([data-live-part]) are fetched over HTTP at once; after three such failures in two minutes
// the socket is retried only every 30 s and the parts are fetched every 10 s meanwhile. A part
// the server found too big to push comes as a stand-in (`reload`) and is fetched too.
(function () {
  "use strict";

  var FAILED_CODES = [1009, 1011];
  var FAILURE_WINDOW = 120000;
  var FAILURES_BEFORE_POLLING = 3;
  var POLL_MS = 10000;
  var RETRY_WHILE_POLLING_MS = 30000;
  var failures = [];     // times of failed sockets (1009/1011, or closed before steady)
  var steady = true;     // the last socket delivered and stayed up
  var pollTimer = null;

  function status(state) {
    var line = document.getElementById("screen-status");
    if (!line) { return; }
    line.textContent = state ? line.getAttribute("data-" + state) : "";
    line.hidden = !state;
  }

  function recentFailures() {
    var since = Date.now() - FAILURE_WINDOW;
    failures = failures.filter(function (at) { return at > since; });
    return failures.length;
  }

  function polling() { return recentFailures() >= FAILURES_BEFORE_POLLING; }

  // The screen's parts again from its own page over HTTP (the same partials the socket pushes).
  function reloadParts(ids) {
    var wanted = ids || Array.prototype.map.call(
      document.querySelectorAll("[data-live-part]"), function (part) { return part.id; });
    return fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        wanted.forEach(function (id) {
          var here = document.getElementById(id);
          var there = fresh.getElementById(id);
          if (!here || !there) { return; }
          var part = document.importNode(there, true);
          here.replaceWith(part);
          if (window.htmx) { window.htmx.process(part); }
        });
      })
      .catch(function () { /* the next try (or the socket) brings it */ });
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  function shownVersion() {
    var versions = document.querySelectorAll("[data-live-version]");
    var shown = -1;
    for (var i = 0; i < versions.length; i++) {
      shown = Math.max(shown, parseInt(versions[i].getAttribute("data-live-version"), 10));
    }
    return shown;
  }

  // A pushed part replaces the one shown (out of band). A field being typed in (the console's
  // poll question) keeps its text, focus and caret when the new part has it too (by id).
  function fragment(message) {
    document.documentElement.setAttribute("data-screen-live", "");  // a socket delivers
    if (!window.htmx || !document.getElementById(message.target)) { return; }
    var field = document.activeElement;
    field = field && /^(textarea|text|search|number|email|url|tel)$/.test(field.type) ? field : null;
    var value = field && field.value;
    var start = field && field.selectionStart;
    var end = field && field.selectionEnd;
    window.htmx.swap(document.body, message.html, { swapStyle: "none" });
    var same = field && !field.isConnected && field.id && document.getElementById(field.id);
    if (same && same.type === field.type) {
      same.value = value;
      same.focus();
      try { same.setSelectionRange(start, end); } catch (error) { /* a number field */ }
    }
    if (message.reload) { reloadParts([message.target]); }
  }

  function start() {
    var screen = document.querySelector("[data-socket]");
    if (!screen || !window.liveSocket) { return; }
    window.liveSocket(screen.getAttribute("data-socket"), {
      on: { fragment: fragment },
      version: shownVersion,
      // A screen on the wall should be back within a few seconds, unless the socket keeps
      // failing (then every 30 s, over HTTP meanwhile).
      delay: function (retries) {
        if (polling()) { return RETRY_WHILE_POLLING_MS; }
        return Math.min(500 * Math.pow(2, retries), 4000) * (0.5 + Math.random() / 2);
      },
      closed: function (code) {
        document.documentElement.removeAttribute("data-screen-live");
        if (FAILED_CODES.indexOf(code) >= 0 || !steady) { failures.push(Date.now()); }
        steady = false;
        if (FAILED_CODES.indexOf(code) >= 0 || polling()) {
          status(polling() ? "polling" : "failed");
          reloadParts();
          if (polling() && pollTimer === null) {
            pollTimer = setInterval(function () { reloadParts(); }, POLL_MS);
          }
        } else {
          status("lost");
        }
      },
      back: function () {
        steady = true;
        failures = [];
        stopPolling();
        status("");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
