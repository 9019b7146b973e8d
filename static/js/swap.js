// The phone's htmx: the few of htmx's attributes that the participants' pages use, read from the
// same templates (one partial serves the page, a fetch and a push; the screens keep htmx itself).
// htmx was 16.5 KB of the phone's 21 KB script; this is 1.2 KB gzipped (issue 25: every phone page
// ≤ 30,000 B on plain http).
//   hx-get, hx-post: a request, sent with "HX-Request: true" as htmx sends it (the server then
//     answers with the part), plus the headers of hx-headers (JSON) on it or an ancestor;
//   hx-trigger: none (a form: submit; anything else: click), "load", "every 10s", or
//     "toggle from:closest details once";
//   hx-target (a selector; else the element itself), hx-swap (innerHTML, outerHTML or none),
//     hx-select (the part of the answer to take);
//   hx-swap-oob="true" on an element of the HTML swapped: it takes the place of the page's
//     element with its id.
// As with htmx: a 2xx answer is swapped, a 204 or an error is not; one request at a time per
// element (the latest trigger waits for it); a swap puts the focus back on a focused field that
// the new HTML has too (same id, same selection). An answer redirected (the participant is gone)
// opens its page. Each new element then gets a "swap:done" event (bubbling, detail.elt):
// static/js/a11y.js, phone.js and talks.js listen for it. Without JavaScript the same forms post
// and the links open their pages.
(function () {
  "use strict";

  var TOGGLE = "toggle from:closest details once";

  function attribute(element, name) { return element.getAttribute(name); }

  // Swaps `html` into `target` ("innerHTML", "outerHTML", or "none": its out-of-band elements
  // only, which always go first).
  function swap(target, html, style, select) {
    var active = document.activeElement;
    var start = active && active.selectionStart;
    var end = active && active.selectionEnd;
    var template = document.createElement("template");
    template.innerHTML = html;
    var content = template.content;
    var swapped = [];
    [].filter.call(content.querySelectorAll("[hx-swap-oob]"), function (element) {
      return !(element.parentElement && element.parentElement.closest("[hx-swap-oob]"));
    }).forEach(function (element) {
      var old = document.getElementById(element.id);
      if (old) {
        old.replaceWith(element);
        swapped.push(element);
      } else {
        element.remove();
      }
    });
    var nodes = [].slice.call(select ? content.querySelectorAll(select) : content.childNodes);
    if (style === "outerHTML") {
      target.replaceWith.apply(target, nodes);
      swapped = swapped.concat(nodes.filter(function (node) { return node.nodeType === 1; }));
    } else if (style !== "none") {
      target.replaceChildren.apply(target, nodes);
      swapped.push(target);
    }
    if (active && active.id && !active.isConnected) {
      var again = document.getElementById(active.id);
      if (again) {
        try { again.setSelectionRange(start, end); } catch (error) { /* not a text field */ }
        again.focus({ preventScroll: true });
      }
    }
    swapped.forEach(function (element) {
      process(element);
      element.dispatchEvent(new CustomEvent("swap:done", { bubbles: true, detail: { elt: element } }));
    });
  }

  function request(element, body) {
    if (element.swapBusy) {
      element.swapNext = body || true;
      return;
    }
    element.swapBusy = true;
    var headers = { "HX-Request": "true" };
    var holder = element.closest("[hx-headers]");
    if (holder) { Object.assign(headers, JSON.parse(attribute(holder, "hx-headers"))); }
    var selector = attribute(element, "hx-target");
    var target = selector ? document.querySelector(selector) : element;
    var post = attribute(element, "hx-post");
    fetch(post || attribute(element, "hx-get"), {
      method: post ? "POST" : "GET",
      body: body ? new URLSearchParams(body) : null,
      credentials: "same-origin",
      headers: headers
    }).then(function (response) {
      if (response.redirected) {
        location.href = response.url;
      } else if (response.ok && response.status !== 204) {
        return response.text().then(function (html) {
          if (target && target.isConnected) {
            swap(target, html, attribute(element, "hx-swap") || "innerHTML", attribute(element, "hx-select"));
          }
        });
      }
    }).catch(function () { /* offline: as with htmx, nothing changes */ }).then(function () {
      var next = element.swapNext;
      element.swapBusy = element.swapNext = null;
      if (next) { request(element, next === true ? null : next); }
    });
  }

  function poll(element, seconds) {
    setTimeout(function () {
      if (element.isConnected) {
        request(element);
        poll(element, seconds);
      }
    }, seconds * 1000);
  }

  // The triggers of new content: "load" now, "every Ns" from now on (while it is on the page).
  function process(root) {
    var elements = [].slice.call(root.querySelectorAll("[hx-trigger]"));
    if (root.matches("[hx-trigger]")) { elements.unshift(root); }
    elements.forEach(function (element) {
      var trigger = attribute(element, "hx-trigger");
      var every = /^every (\d+)s$/.exec(trigger);
      if (element.swapWired || !(every || trigger === "load")) { return; }
      element.swapWired = true;
      if (every) {
        poll(element, every[1]);
      } else {
        request(element);
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches("form[hx-post], form[hx-get]")) { return; }
    event.preventDefault();
    request(form, new FormData(form, event.submitter));
  });

  document.addEventListener("click", function (event) {
    var element = event.target.closest && event.target.closest("[hx-get], [hx-post]");
    if (!element || element.matches("form, [hx-trigger]")) { return; }
    event.preventDefault();
    request(element);
  });

  // "toggle" does not bubble: heard on its way down to the <details>.
  document.addEventListener("toggle", function (event) {
    [].forEach.call(event.target.querySelectorAll("[hx-trigger='" + TOGGLE + "']"), function (element) {
      if (element.closest("details") === event.target && !element.swapWired) {
        element.swapWired = true;
        request(element);
      }
    });
  }, true);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { process(document.body); });
  } else {
    process(document.body);
  }
  window.swap = swap;
})();
