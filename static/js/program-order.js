// The editor's programme (templates/editor/content.html): drag an item to its new place, or
// move it with its Upp/Ned buttons (the keyboard's way). Either way the item moves in the list
// at once and its new place is POSTed (position=N, one request at a time, in order); the page's
// live region says the server's words for where it is now, and the focus stays on the moved
// item's button. A move the server did not take is put back and said. Without JavaScript the
// buttons post direction=up|down and the page reloads.
(function () {
  "use strict";

  var list = document.querySelector("[data-reorder]");
  if (!list) { return; }
  var queue = Promise.resolve();
  var dragged = null;

  function items() {
    return [].filter.call(list.children, function (li) { return li.hasAttribute("data-move"); });
  }

  function say(text) {
    var announcer = document.getElementById("announcer");
    if (!announcer) { return; }
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function button(li, direction) { return li.querySelector("button[name=direction][value=" + direction + "]"); }

  // The first item cannot go up, the last not down.
  function refresh() {
    var all = items();
    all.forEach(function (li, index) {
      button(li, "up").disabled = index === 0;
      button(li, "down").disabled = index === all.length - 1;
    });
  }

  // Put the item at its place (1 first) in the list; moving a node takes its focus away, so the
  // button that had it (or, now disabled at an end, the other one) gets it back.
  function place(li, position, focused) {
    var others = items().filter(function (other) { return other !== li; });
    list.insertBefore(li, others[position - 1] || null);
    refresh();
    if (focused) {
      var back = button(li, focused);
      (back.disabled ? button(li, focused === "up" ? "down" : "up") : back).focus();
    }
  }

  function send(li, position) {
    var form = li.querySelector("form[data-move-form]");
    var body = new FormData(form);
    body.set("position", position);
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true" }
    }).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response);
    });
  }

  function move(li, position, focused) {
    var from = items().indexOf(li) + 1;
    position = Math.min(Math.max(position, 1), items().length);
    if (position === from) { return; }
    place(li, position, focused);
    queue = queue.then(function () {
      return send(li, position).then(say, function () {
        place(li, from, focused && document.activeElement && li.contains(document.activeElement) ? focused : null);
        say(list.getAttribute("data-failed"));
      });
    });
  }

  // The buttons: one place up or down, without leaving the page.
  list.addEventListener("click", function (event) {
    var pressed = event.target.closest("button[name=direction]");
    if (!pressed || !list.contains(pressed)) { return; }
    event.preventDefault();
    var li = pressed.closest("li[data-move]");
    var direction = pressed.value;
    move(li, items().indexOf(li) + 1 + (direction === "up" ? -1 : 1), direction);
  });

  // Drag and drop (HTML5 drag events): dropped on the upper half of an item, before it; on the
  // lower half, after it.
  items().forEach(function (li) { li.setAttribute("draggable", "true"); });

  function target(event) {
    var li = event.target.closest && event.target.closest("li[data-move]");
    return li && li !== dragged && list.contains(li) ? li : null;
  }

  function after(li, event) {
    var box = li.getBoundingClientRect();
    return event.clientY > box.top + box.height / 2;
  }

  function unmark() {
    list.querySelectorAll(".drop-before, .drop-after").forEach(function (li) {
      li.classList.remove("drop-before", "drop-after");
    });
  }

  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest && event.target.closest("li[data-move]");
    if (!dragged) { return; }
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
    dragged.classList.add("dragging");
  });

  list.addEventListener("dragover", function (event) {
    var li = dragged && target(event);
    if (!li) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    unmark();
    li.classList.add(after(li, event) ? "drop-after" : "drop-before");
  });

  list.addEventListener("drop", function (event) {
    var li = dragged && target(event);
    if (!li) { return; }
    event.preventDefault();
    var others = items().filter(function (other) { return other !== dragged; });
    var position = others.indexOf(li) + 1 + (after(li, event) ? 1 : 0);
    var moving = dragged;
    unmark();
    move(moving, position, null);
  });

  list.addEventListener("dragend", function () {
    unmark();
    if (dragged) { dragged.classList.remove("dragging"); }
    dragged = null;
  });
})();
