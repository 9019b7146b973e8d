// The live socket client, one for the phone (phone.js) and the screens (screen.js: console and
// projector). Every frame is one JSON message with a "type" (workshops/live/messages.py):
//   server → page
//   {"type": "state", "version": N, "state": "…", "html": "<section id=now …>"}  the phone's step
//   {"type": "fragment", "target": id, "html": "…", "reload": true?}  replace #id if shown
//                                      (reload: too big to push; fetch the part over HTTP)
//   {"type": "beacon", "version": N}   every 5 s; a newer version than shown: resync
//   {"type": "ack", "answer": id, "html": "…", "retarget": "#exercise"?, "gone": true?}
//   {"type": "pong"}                   the reply to a ping
//   page → server: {"type": "ping"}, or an answer of the phone's outbox (phone.js).
//
// liveSocket(path, options) connects and keeps the socket alive; options.on[type] handles a
// message type (state, fragment, ack, …); options.version() is the version the page shows;
// options.delay(retries) the wait before a reconnect (default liveSocket.delay: 0.5, 1, 2 s,
// then 2–5 s); options.closed(code), lost(code), back(), refused(code) say how it goes. It
// returns {send(message), open(), probe()}.
// It resyncs (reconnects: the server sends the whole current state on every connect) when a
// beacon's version stays above the page's for a second (a push was dropped: a full channel
// queue drops silently) or when nothing arrived for 12 s (two beacons); it reconnects at once
// when the browser comes back online, and checks with a ping when the page is shown again or
// the person acts (a dead socket is found within PROBE_MS). "Lost" is said at once (a close,
// the browser going offline, an unanswered ping); "back" once a socket has delivered and stayed
// up for STEADY_MS, so a socket that opens and drops again does not say "back" each time.
// Close codes 4000 and over (the server refused this page) are not retried.
//
// Pushed HTML is swapped out of band (on the screens by htmx.swap(…, {swapStyle: "none"}), on the
// phone by static/js/swap.js's swap(…, "none")), which puts the focus back on a focused field that
// the new HTML has too (by id); phone.js draws a new state only once its own parts are fetched,
// so such a field is there before and after.
(function () {
  "use strict";

  var SILENT_MS = 12000;
  var PROBE_MS = 2500;
  var STEADY_MS = 2000;
  var RESYNC_MS = 1000;

  function defaultDelay(retries) {
    return [500, 1000, 2000][retries] || 2000 + Math.random() * 3000;
  }

  function liveSocket(path, options) {
    var on = options.on || {};
    var delay = options.delay || defaultDelay;
    var socket = null;
    var retries = 0;
    var reconnectTimer = null;
    var probeTimer = null;
    var steadyTimer = null;
    var resyncTimer = null;
    var lastMessage = Date.now();
    var beaconSeen = false;
    var down = false;
    var refused = false;

    function call(name, argument) {
      if (options[name]) { options[name](argument); }
    }

    function connect() {
      clearTimeout(reconnectTimer);
      clearTimeout(probeTimer);
      reconnectTimer = probeTimer = null;
      if (refused || !window.WebSocket) { return; }
      var old = socket;
      var fresh = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + path);
      socket = fresh;
      lastMessage = Date.now();
      if (old) { old.close(); }  // its events are ignored: it is not `socket` any more
      fresh.onmessage = function (event) { if (fresh === socket) { received(event.data); } };
      fresh.onclose = function (event) { if (fresh === socket) { closed(event.code); } };
    }

    function lost(code) {
      clearTimeout(steadyTimer);
      steadyTimer = null;
      if (!down) {
        down = true;
        call("lost", code);
        document.dispatchEvent(new Event("live:lost"));  // a11y.js says it
      }
    }

    function closed(code) {
      clearTimeout(probeTimer);
      probeTimer = null;
      call("closed", code);
      if (code >= 4000) {
        refused = true;
        call("refused", code);
        return;
      }
      lost(code);
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(connect, delay(retries));
      retries += 1;
    }

    // Dead without knowing it (the network went, the server process died): start afresh.
    function dead() {
      if (socket) { socket.onclose = null; socket.close(); }
      socket = null;
      closed(1006);
    }

    function received(text) {
      var message;
      lastMessage = Date.now();
      clearTimeout(probeTimer);
      probeTimer = null;
      retries = 0;
      if (down && steadyTimer === null) {
        steadyTimer = setTimeout(function () {
          steadyTimer = null;
          down = false;
          call("back");
          document.dispatchEvent(new Event("live:back"));
        }, STEADY_MS);
      }
      try { message = JSON.parse(text); } catch (error) { return; }
      if (message.type === "beacon") {
        beaconSeen = true;
        behind(message.version);
      } else if (on[message.type]) {
        on[message.type](message);
      }
    }

    // The render of that change may still be on its way: look again in a second.
    function behind(version) {
      var shown = options.version ? options.version() : null;
      if (shown === null || version <= shown || resyncTimer !== null) { return; }
      resyncTimer = setTimeout(function () {
        resyncTimer = null;
        var now = options.version();
        if (now !== null && version > now) { connect(); }
      }, RESYNC_MS);
    }

    function open() { return !!socket && socket.readyState === 1; }

    function send(message) {
      if (!open()) { return false; }
      socket.send(typeof message === "string" ? message : JSON.stringify(message));
      return true;
    }

    // Does the socket still carry? A pong (or any message) within PROBE_MS says so. (One that
    // delivered in the last seconds does.)
    function probe() {
      if (refused) { return; }
      if (!open()) {
        if (!socket || socket.readyState > 1) { connect(); }
        return;
      }
      if (probeTimer !== null || Date.now() - lastMessage < 3000 || !send({ type: "ping" })) { return; }
      probeTimer = setTimeout(dead, PROBE_MS);
    }

    window.addEventListener("online", function () { if (!refused) { connect(); } });
    window.addEventListener("offline", function () { if (!refused) { dead(); } });
    window.addEventListener("focus", probe);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { probe(); }
    });
    setInterval(function () {
      if (!refused && beaconSeen && open() && Date.now() - lastMessage > SILENT_MS) { dead(); }
    }, 3000);
    connect();
    return { send: send, open: open, probe: probe };
  }

  liveSocket.delay = defaultDelay;
  window.liveSocket = liveSocket;
})();
