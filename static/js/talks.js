// "Fråga talaren": a question being typed survives the pushes that re-render the phone's step
// (a poll opening, results shown): it is kept in sessionStorage until it has been sent.
(function () {
  "use strict";
  if (window.talksLoaded) { return; }
  window.talksLoaded = true;
  var KEY = "talks-question";

  document.addEventListener("input", function (event) {
    if (event.target.id === "question-text") {
      sessionStorage.setItem(KEY, event.target.value);
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.querySelector && event.target.querySelector("#question-text")) {
      sessionStorage.removeItem(KEY);
    }
  }, true);
  function restore() {
    var field = document.getElementById("question-text");
    var kept = sessionStorage.getItem(KEY);
    if (field && kept && !field.value) { field.value = kept; }
  }
  document.addEventListener("htmx:afterSettle", restore);
  restore();
})();
