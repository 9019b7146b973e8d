// The phone's live page. The server pushes the "now" section over the WebSocket on connect and
// whenever the facilitator moves the day. If the step is the one already on screen (a reconnect,
// or the first push after loading), keep the page as it is: nothing the participant is typing
// is replaced.
(function () {
  "use strict";
  function stateOf(html) {
    var match = /<section[^>]*id="now"[^>]*data-state="([^"]*)"/.exec(html) ||
      /<section[^>]*data-state="([^"]*)"[^>]*id="now"/.exec(html);
    return match ? match[1] : null;
  }
  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    var current = document.getElementById("now");
    var incoming = stateOf(event.detail.message);
    if (current && incoming !== null && current.dataset.state === incoming) {
      event.preventDefault();
    }
  });
  function showConnection(lost) {
    var note = document.getElementById("connection");
    if (note) { note.hidden = !lost; }
  }
  document.addEventListener("htmx:wsClose", function () { showConnection(true); });
  document.addEventListener("htmx:wsOpen", function () { showConnection(false); });
})();
