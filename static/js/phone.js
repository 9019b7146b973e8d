// The participant's pages (the live page, an exercise's own page, Mitt resultat).
//
// Outbox: every answer is written to localStorage the moment it is given, then sent, one at a
// time and in order, until the server acknowledges it (a 2xx); a failed send stays and is sent
// again when the connection returns, the page is shown again or reopened. The server treats a
// resend as the same answer (one upsert per field, the last write wins). Unsent values are put
// back into the form when the page loads, so a reload or a closed tab loses nothing typed.
// Each form's status line (role="status", never replaced itself) says "Sparas …", "Inte
// skickat än – …" or the server's "Sparat ✓ …". Without JavaScript the forms post as usual.
//
// Live socket: static/js/live.js (shared with the screens; its reconnects, beacon and resync,
// and the message format). The server sends the "now" state on connect and when the day moves
// on ({"type": "state"}): a new state is drawn once its own parts (the exercise, the talk
// panel) are fetched, so a field being typed in keeps its focus and text when it is still
// there; the same state again takes only the countdown. A talk's question list comes as a
// fragment; answers go on the socket when it is open (acknowledged with {"type": "ack"}).
// Pages other than the live one show "Dagen har gått vidare" with a link when the day moves on.
(function () {
  "use strict";

  // .js-only texts (answers save as you type) show only when this script runs (in browsers
  // without the CSS scripting media feature; it is deferred, in the phone's bundle).
  document.documentElement.classList.add("js");

  var STORE = "changemakers-outbox";
  var TYPING_DELAY = 800;

  // --- Outbox -------------------------------------------------------------------------------

  // Read afresh for every change: the phone's other tabs write to the same outbox.
  var memory = [];
  function entries() {
    try {
      memory = JSON.parse(localStorage.getItem(STORE)) || memory;
    } catch (error) { /* private mode: the entries live in memory */ }
    return memory;
  }

  function store(list) {
    memory = list;
    try {
      localStorage.setItem(STORE, JSON.stringify(list));
    } catch (error) { /* private mode or full: the entries still live in memory */ }
  }

  // The values the server acknowledged last, per field: the same again is not sent (leaving a
  // field, or the day moving on while it has the focus, fires `change` once more).
  var acked = {};
  function keyOf(entry) { return entry.url + " " + entry.field; }

  function owner() {
    var form = document.querySelector("[data-outbox-owner]");
    return form ? form.getAttribute("data-outbox-owner") : null;
  }

  function answerForm(target) {
    return target && target.closest ? target.closest("form.answer-form[data-outbox-owner]") : null;
  }

  function valuesOf(form, name) {
    var data = new FormData(form);
    var pairs = [];
    data.forEach(function (value, key) {
      if (key !== "csrfmiddlewaretoken" && key !== "action" && (name === "*" || key === name)) {
        pairs.push([key, String(value)]);
      }
    });
    return pairs;
  }

  // One entry per answer: the changed field's values (all of a checkbox group), or the whole
  // form where the server needs it whole (tips: the ticked boxes are the list's ticks; the
  // postcard: its scenario goes with its texts).
  function record(form, element, action) {
    var whole = form.getAttribute("data-outbox") || action;  // data-outbox="whole"
    var field = whole ? "*" : element && element.name;
    if (!field) { return; }
    var list = entries().slice();
    var entry = {
      owner: form.getAttribute("data-outbox-owner"),
      exercise: form.getAttribute("data-exercise"),
      url: form.getAttribute("action"),
      field: field,
      action: action || "",
      fields: valuesOf(form, field)
    };
    var last = list.filter(function (other) { return keyOf(other) === keyOf(entry); }).pop();
    if (!action && JSON.stringify(entry.fields) === (last ? JSON.stringify(last.fields) : acked[keyOf(entry)])) {
      return;  // the same values again (a radio fires input and change): queued or saved already
    }
    if (field === "*") {
      // The whole form carries the latest value of every field: answers of this form still
      // waiting need not go separately before it (one on its way lands first).
      list = list.filter(function (other) {
        return other.action || other.url !== entry.url || other.owner !== entry.owner;
      });
    }
    // The same field again, not yet acknowledged: the newer value replaces the older in place
    // (if the older is on its way, its acknowledgement does not drop the newer: see drop).
    var index = -1;
    list.forEach(function (other, i) {
      if (!action && !other.action && keyOf(other) === keyOf(entry) && other.owner === entry.owner) { index = i; }
    });
    if (index >= 0 && (index === list.length - 1 || entry.field !== "*")) {
      entry.id = list[index].id;
      list[index] = entry;
    } else {
      entry.id = Math.random().toString(36).slice(2);
      list.push(entry);
    }
    store(list);
  }

  function pendingFor(exercise) {
    var me = owner();
    return entries().filter(function (e) { return e.owner === me && e.exercise === exercise; });
  }

  function statusOf(exercise) {
    return document.getElementById("status-" + exercise);
  }

  // state: "saving" or "unsent", the form's data-saving or data-unsent in a status-… span.
  function showState(exercise, state) {
    var status = statusOf(exercise);
    var form = document.getElementById("form-" + exercise);
    if (!status || !form) { return; }
    var kind = "status-" + state;
    if (status.firstChild && status.firstChild.className === kind) { return; }  // said already
    var span = document.createElement("span");
    span.className = kind;
    span.textContent = form.getAttribute("data-" + state);
    status.replaceChildren(span);
  }

  // Put unsent answers back into a form drawn from the server (after a reload, or when the
  // live page loads the exercise), oldest first so the newest wins.
  function restore(form) {
    var exercise = form.getAttribute("data-exercise");
    var pending = pendingFor(exercise);
    pending.forEach(function (entry) {
      var names = {};
      entry.fields.forEach(function (pair) { names[pair[0]] = true; });
      [].forEach.call(form.elements, function (input) {
        if (!input.name || input.type === "hidden" || input.type === "submit") { return; }
        if (!names[input.name] && !(entry.field === "*" && input.type === "checkbox")) { return; }
        var values = entry.fields.filter(function (p) { return p[0] === input.name; })
          .map(function (p) { return p[1]; });
        if (input.type === "radio" || input.type === "checkbox") {
          input.checked = values.indexOf(input.value) >= 0;
        } else if (values.length) {
          input.value = values[0];
        }
      });
    });
    if (pending.length) { showState(exercise, navigator.onLine ? "saving" : "unsent"); }
  }

  var ACK_TIMEOUT = 5000;
  var sending = null;       // {entry, timer}: the one answer on its way
  var retryTimer = null;
  var failures = 0;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, liveSocket.delay(failures));
    failures += 1;
  }

  // Acknowledged: gone from the outbox, unless a newer value replaced it meanwhile (this tab
  // or another), which is sent next.
  function drop(entry) {
    var sent = JSON.stringify(entry.fields);
    store(entries().filter(function (e) { return e.id !== entry.id || JSON.stringify(e.fields) !== sent; }));
  }

  // The acknowledgement, shown in every tab of the phone, each on its own page: in the
  // answer's form, or, if the day moved on meanwhile, in a note.
  var tabs = window.BroadcastChannel ? new BroadcastChannel(STORE) : {};
  tabs.onmessage = function (message) { answered.apply(null, message.data); };

  function answered(entry, html, retarget, reswap) {
    var form = document.getElementById("form-" + entry.exercise);
    if (!retarget) { acked[keyOf(entry)] = JSON.stringify(entry.fields); }
    if (!form) {
      if (html && !retarget && html.indexOf("status-error") < 0) {
        show("landed", true);
        setTimeout(show, 8000, "landed", false);
      }
      return;
    }
    if (!html) { return; }
    if (retarget) {  // refused: the exercise closed, or is not open yet
      var article = form.closest("#exercise");
      if (article) { swap(article, html, reswap || "outerHTML"); }
      return;
    }
    // The response also carries error messages, the profile, the preview (out of band).
    swap(statusOf(entry.exercise), html, "innerHTML");
    // Later answers still to go: the status says so. (Another tab's drop of this one may not
    // have reached this tab's localStorage yet.)
    if (pendingFor(entry.exercise).some(function (e) { return e.id !== entry.id; })) {
      showState(entry.exercise, "saving");
    }
  }

  function sent(entry) {
    sending = null;
    failures = 0;
    flush();
  }

  function unsent() {
    entries().forEach(function (e) { showState(e.exercise, "unsent"); });
  }

  function notSent(entry) {
    sending = null;
    unsent();
    scheduleRetry();
  }

  // Over the open socket: the same validation and write as a POST, without a new request.
  function sendOverSocket(entry) {
    live.send({ answer: entry.id, exercise: entry.exercise, fields: entry.fields, action: entry.action });
    sending.timer = setTimeout(function () {
      if (sending && sending.entry === entry) { notSent(entry); }
    }, ACK_TIMEOUT);
  }

  function acknowledged(reply) {
    if (!sending || sending.entry.id !== reply.answer) { return; }  // late, already resent
    var entry = sending.entry;
    clearTimeout(sending.timer);
    drop(entry);
    confirm([entry, reply.html, reply.retarget, "outerHTML"]);
    sent(entry);
  }

  function sendOverHttp(entry) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    if (entry.action) { body.append("action", entry.action); }
    fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: true,
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.redirected) {  // no participant in this session any more
        drop(entry);
        return null;
      }
      if (response.status >= 500 || response.status === 408 || response.status === 429) {
        throw new Error("server busy: " + response.status);
      }
      return response.text().then(function (html) {
        drop(entry);  // acknowledged, or refused for good (a 4xx): either way not resent
        confirm([entry, html, response.headers.get("HX-Retarget"), response.headers.get("HX-Reswap")]);
      });
    }).then(function () { sent(entry); }, function () { notSent(entry); });
  }

  function confirm(args) {
    answered.apply(null, args);
    if (tabs.postMessage) { tabs.postMessage(args); }
  }

  // Send the oldest unsent answer of this phone's participant; on success the next one.
  function flush() {
    if (sending) { return; }
    var me = owner();
    if (me === null) { return; }  // no participant on this page: whose answers are unknown
    var entry = entries().filter(function (e) { return e.owner === me; })[0];
    if (!entry) { return; }
    sending = { entry: entry, timer: null };
    // Sent again after a failure: the status keeps saying "not sent yet" (not read out anew
    // at every retry) until it is acknowledged.
    if (!failures) { showState(entry.exercise, "saving"); }
    if (live && live.open() && socketReady) {
      sendOverSocket(entry);
    } else {
      sendOverHttp(entry);
    }
  }

  var typingTimer = null;
  function answerGiven(event) {
    var form = answerForm(event.target);
    if (!form || !event.target.name || event.target.name === "lista") { return; }
    var typing = event.target.matches("textarea, input[type=text], input[type=number]");
    if (event.type === "input" && !typing) { return; }  // choices: their change event
    record(form, event.target, "");
    showState(form.getAttribute("data-exercise"), failures ? "unsent" : "saving");
    clearTimeout(typingTimer);
    if (event.type === "input") {
      typingTimer = setTimeout(flush, TYPING_DELAY);
    } else {
      flush();
    }
  }
  document.addEventListener("input", answerGiven);
  document.addEventListener("change", answerGiven);

  // "Klar", "Lämna in", "Spara": the whole form with its action, after what is queued before.
  document.addEventListener("submit", function (event) {
    var form = answerForm(event.target);
    if (!form) { return; }
    var button = event.submitter;
    if (button && button.name === "lista") { return; }  // another tip list: a page, not an answer
    event.preventDefault();
    record(form, null, (button && button.name === "action" && button.value) || "save");
    clearTimeout(typingTimer);
    flush();
  });

  function restoreWithin(root) {
    if (!root || !root.querySelectorAll) { return; }
    var forms = root.matches && root.matches("form.answer-form") ? [root] :
      root.querySelectorAll("form.answer-form[data-outbox-owner]");
    [].forEach.call(forms, restore);
  }

  function start() {
    var me = owner();
    if (me !== null) {
      // Answers left by another participant on this phone cannot be sent for them any more.
      store(entries().filter(function (e) { return e.owner === me; }));
    }
    restoreWithin(document);
    flush();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("swap:done", function (event) {  // static/js/swap.js
    restoreWithin(event.detail.elt);
    flush();
  });

  // --- The live socket (static/js/live.js) ------------------------------------------------

  var live = null;
  var socketReady = false;  // the server has sent on it (it accepted this participant)
  var latest = null;        // the newest state's version (each socket's first message)
  var stateToken = 0;       // the state being drawn: a newer one makes an older one moot

  function liveContainer() { return document.querySelector("[data-socket]"); }

  function show(id, shown) {
    var note = document.getElementById(id);
    if (note) { note.hidden = !shown; }
  }

  function parsed(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template;
  }

  // A part the pushed step loads on its own (the exercise, the talk panel: each phone's own),
  // fetched before the step is shown, so the page changes once and a field being typed in is
  // there before and after. Not fetched in time: swap.js loads it after the swap.
  function fill(slot) {
    return new Promise(function (done) {
      setTimeout(done, 3000);
      fetch(slot.getAttribute("hx-get"), { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (response) { return response.ok && !response.redirected && response.text(); })
        .then(function (html) {
          if (html) {
            slot.innerHTML = html;
            slot.removeAttribute("hx-get");
            slot.removeAttribute("hx-trigger");
          }
          done();
        }, done);
    });
  }

  // The "now" state: each socket's first message (the server accepted this participant), and
  // again whenever the day moves on. The newest wins: one still being fetched is dropped.
  function state(message) {
    if (!socketReady) { setTimeout(flush, 0); }  // answers waiting can go this way now
    socketReady = true;
    latest = Math.max(latest, message.version);  // null counts as 0
    var now = document.getElementById("now");
    var container = liveContainer();
    if (!now) {
      // An exercise's own page or Mitt resultat: not replaced, but told when the day moved.
      var shown = container.getAttribute("data-state");
      if (shown && message.state !== shown) { show("moved-on", true); }
      return;
    }
    var fresh = parsed(message.html);
    var token = stateToken += 1;
    if (now.getAttribute("data-state") === message.state) {
      // The same step (a reconnect, a timer change): keep the page and what is typed in it,
      // take the new countdown and version.
      var timer = fresh.content.getElementById("now-timer");
      var here = document.getElementById("now-timer");
      if (here) { here.innerHTML = timer ? timer.innerHTML : ""; }
      now.setAttribute("data-version", message.version);
      return;
    }
    var slots = fresh.content.querySelectorAll("[hx-get][hx-trigger=load]");
    Promise.all([].map.call(slots, fill)).then(function () {
      if (token !== stateToken) { return; }
      swap(document.body, fresh.innerHTML, "none");  // #now, out of band
      flush();
    });
  }

  // A talk's question list, pushed to every phone (talks.js): only where it is shown.
  function fragment(message) {
    if (document.getElementById(message.target)) {
      swap(document.body, message.html, "none");
      document.dispatchEvent(new Event("talks:questions"));
    }
  }

  function closed() {
    socketReady = false;
    // An answer sent on the socket that closed will not be acknowledged there.
    if (sending && sending.timer) { clearTimeout(sending.timer); notSent(sending.entry); }
  }

  function listen() {
    var container = liveContainer();
    if (!container || !window.liveSocket) { return; }
    live = liveSocket(container.getAttribute("data-socket"), {
      on: { state: state, fragment: fragment, ack: acknowledged },
      version: function () { return latest; },
      closed: closed,
      lost: function () { show("connection", true); },
      back: function () { show("connection", false); },
      // 4403, 4404: the server refused this phone (its participant was deleted): not retried,
      // the phone says so and offers to join again.
      refused: function () { show("connection", false); show("refused", true); }
    });
  }

  function back(event) {
    if (event.type === "visibilitychange" && document.visibilityState !== "visible") {
      clearTimeout(typingTimer);  // the tab may be closing: what was just typed goes now
      flush();
      return;
    }
    failures = 0;
    clearTimeout(retryTimer);
    retryTimer = null;
    flush();
  }
  window.addEventListener("online", back);
  window.addEventListener("focus", back);
  document.addEventListener("visibilitychange", back);
  window.addEventListener("offline", unsent);
  // The person acts: the socket should carry (a dead one is found within seconds).
  document.addEventListener("input", function () { if (live) { live.probe(); } });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", listen);
  } else {
    listen();
  }
})();
