// Screens (projector, console): never stay behind the live state, and never say they are live
// when they are not. Every server process sends each of its sockets a beacon with the event's
// live version every 5 s (workshops/live.py). A beacon is never shown. If the version is newer
// than the one on screen (a push was lost: a full queue, a server process that died), or no
// message came for three beacons (a dead socket), the socket reconnects, and the server sends
// the whole current state on every connect.
//
// The status line (#screen-status) says when the socket is lost, and "Kontakten är tillbaka" is
// said only once a reopened socket has delivered and stayed up. A close with 1009/1011 (the
// server could not send a frame) or a socket that keeps failing: the screen's parts
// ([data-live-part]) are fetched over HTTP at once; after three such failures in two minutes
// the socket is retried only every 30 s and the parts are fetched every 10 s meanwhile. A part
// the server found too big to push comes as a stand-in ([data-reload-part]) and is fetched too.
(function () {
  "use strict";

  var BEACON = /^<div id="live-beacon" data-version="(\d+)"/;
  var SILENT_LIMIT = 15000;
  var FAILED_CODES = [1009, 1011];
  var FAILURE_WINDOW = 120000;
  var FAILURES_BEFORE_POLLING = 3;
  var POLL_MS = 10000;
  var RETRY_WHILE_POLLING_MS = 30000;
  var STEADY_MS = 2000;
  var socket = null;
  var lastMessage = Date.now();
  var recheck = null;
  var failures = [];     // times of failed sockets (1009/1011, or closed before steady)
  var down = false;      // the socket is lost; the status line says so
  var steadyTimer = null;
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

  function startPolling() {
    if (pollTimer !== null) { return; }
    pollTimer = setInterval(function () { reloadParts(); }, POLL_MS);
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

  function reconnect() {
    lastMessage = Date.now();
    if (socket) { socket.reconnect(); }
  }

  // htmx retries a lost socket after up to 64 s at random; a screen on the wall should be back
  // within a few seconds, unless the socket keeps failing (then every 30 s, over HTTP meanwhile).
  document.addEventListener("htmx:wsConnecting", function () {
    window.htmx.config.wsReconnectDelay = function (retries) {
      if (polling()) { return RETRY_WHILE_POLLING_MS; }
      return Math.min(500 * Math.pow(2, retries), 4000) * (0.5 + Math.random() / 2);
    };
  });
  document.addEventListener("htmx:wsOpen", function (event) {
    socket = event.detail.socketWrapper;
    lastMessage = Date.now();
  });
  document.addEventListener("htmx:wsClose", function (event) {
    var code = event.detail && event.detail.event ? event.detail.event.code : 0;
    var wasSteady = steadyTimer === null && !down;
    clearTimeout(steadyTimer);
    steadyTimer = null;
    if (FAILED_CODES.indexOf(code) >= 0 || !wasSteady) { failures.push(Date.now()); }
    down = true;
    document.documentElement.removeAttribute("data-screen-live");
    if (FAILED_CODES.indexOf(code) >= 0 || polling()) {
      status(polling() ? "polling" : "failed");
      reloadParts();
      if (polling()) { startPolling(); }
    } else {
      status("lost");
    }
  });
  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    socket = event.detail.socketWrapper;
    lastMessage = Date.now();
    document.documentElement.setAttribute("data-screen-live", "");  // a socket delivers
    if (down && steadyTimer === null) {
      // Back only once this socket has delivered and stayed up (no loop behind "back").
      steadyTimer = setTimeout(function () {
        steadyTimer = null;
        down = false;
        failures = [];
        stopPolling();
        status("");
        document.dispatchEvent(new CustomEvent("live:back"));  // a11y.js says it
      }, STEADY_MS);
    }
    var beacon = BEACON.exec(event.detail.message);
    if (!beacon) { return; }
    event.preventDefault();
    var version = parseInt(beacon[1], 10);
    if (version > shownVersion() && recheck === null) {
      // The render of that change may still be on its way: look again in a second.
      recheck = setTimeout(function () {
        recheck = null;
        if (version > shownVersion()) { reconnect(); }
      }, 1000);
    }
  });
  // A part the server could not push (over its frame bound): fetch it over HTTP.
  document.addEventListener("htmx:wsAfterMessage", function () {
    var standIns = document.querySelectorAll("[data-reload-part]");
    if (standIns.length) {
      reloadParts(Array.prototype.map.call(standIns, function (part) { return part.id; }));
    }
  });
  setInterval(function () {
    if (Date.now() - lastMessage > SILENT_LIMIT && !polling()) { reconnect(); }
  }, 5000);
  window.addEventListener("online", reconnect);
})();
