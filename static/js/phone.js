// The participant's pages (the live page, an exercise's own page). On the live page the server
// pushes the "now" section over the WebSocket on connect and whenever the facilitator moves the day.
// - If the pushed step is the one already on screen (a reconnect, or the first push after
//   loading), the page stays as it is: nothing the participant is typing is replaced.
// - Before a new step replaces the page, or when the phone hides the page, answers typed since
//   the last autosave are sent (the server keeps the last version; a resend edits, never adds).
(function () {
  "use strict";

  // Loaded in <head> without defer, so the class is there before the page is drawn:
  // .js-only texts (answers save as you type) show only when this script runs.
  document.documentElement.classList.add("js");

  function stateOf(html) {
    var match = /<section[^>]*id="now"[^>]*data-state="([^"]*)"/.exec(html);
    return match ? match[1] : null;
  }

  function flush() {
    var forms = document.querySelectorAll("form.answer-form[data-dirty]");
    Array.prototype.forEach.call(forms, function (form) {
      delete form.dataset.dirty;
      fetch(form.getAttribute("action"), {  // not form.action: a button is named "action"
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        keepalive: true,
        headers: { "HX-Request": "true" }
      }).catch(function () { form.dataset.dirty = "1"; });
    });
  }

  function markDirty(event) {
    var form = event.target.closest && event.target.closest("form.answer-form");
    if (form) { form.dataset.dirty = "1"; }
  }
  document.addEventListener("input", markDirty);
  document.addEventListener("change", markDirty);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form.answer-form")) { delete form.dataset.dirty; }
  });

  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    var current = document.getElementById("now");
    var incoming = stateOf(event.detail.message);
    if (current && incoming !== null && current.dataset.state === incoming) {
      event.preventDefault();
      return;
    }
    flush();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });

  function showConnection(lost) {
    var note = document.getElementById("connection");
    if (note) { note.hidden = !lost; }
  }
  document.addEventListener("htmx:wsClose", function () { showConnection(true); });
  document.addEventListener("htmx:wsOpen", function () { showConnection(false); });
})();
