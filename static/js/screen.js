// Screens (projector, console): never stay behind the live state. Every server process sends
// each of its sockets a beacon with the event's live version every 5 s (workshops/live.py). A
// beacon is never shown. If the version is newer than the one on screen (a push was lost: a full
// queue, a server process that died), or no message came for three beacons (a dead socket),
// the socket reconnects, and the server sends the whole current state on every connect.
(function () {
  "use strict";

  var BEACON = /^<div id="live-beacon" data-version="(\d+)"/;
  var SILENT_LIMIT = 15000;
  var socket = null;
  var lastMessage = Date.now();
  var recheck = null;

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
  // within a few seconds.
  document.addEventListener("htmx:wsConnecting", function () {
    window.htmx.config.wsReconnectDelay = function (retries) {
      return Math.min(500 * Math.pow(2, retries), 4000) * (0.5 + Math.random() / 2);
    };
  });
  document.addEventListener("htmx:wsOpen", function (event) {
    socket = event.detail.socketWrapper;
    lastMessage = Date.now();
  });
  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    socket = event.detail.socketWrapper;
    lastMessage = Date.now();
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
  setInterval(function () {
    if (Date.now() - lastMessage > SILENT_LIMIT) { reconnect(); }
  }, 5000);
  window.addEventListener("online", reconnect);
})();
