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
  // What an answer says ("Tack! Din fråga är skickad.", "Sparat.") goes to the page's one live
  // region: a live region inside swapped content is not announced.
  function announce(event) {
    var region = document.getElementById("announcer");
    var root = event.detail && event.detail.elt;
    var said = root && root.querySelector && root.querySelector("[data-talk-announce]");
    if (!region || !said) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = said.getAttribute("data-talk-announce"); }, 50);
  }
  document.addEventListener("swap:done", function (event) { restore(); announce(event); });
  restore();

  // The question list is pushed to every phone alike: this phone's thumbs (data-voted of the
  // panel, which pushes never replace) are marked on it.
  document.addEventListener("talks:questions", function () {
    var talk = document.getElementById("talk");
    var voted = " " + (talk && talk.getAttribute("data-voted")) + " ";
    document.querySelectorAll("#questions .vote-button").forEach(function (button) {
      button.setAttribute("aria-pressed", voted.indexOf(" " + button.id.slice(5) + " ") >= 0);
    });
  });
})();
