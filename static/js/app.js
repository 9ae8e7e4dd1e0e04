// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Close an open menu when the user clicks elsewhere or presses Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
    });
  });

  // Refusals (see core/htmx.py): a refused form comes back in place with its
  // errors. Make them seen wherever the form sits: open the <details> around
  // them, move focus to the first field in error (or the message) and announce
  // the message in the page's live region.
  var ERRORS = "[data-refusal], .errorlist";

  function reveal(root) {
    var first = root.querySelector ? root.querySelector(ERRORS) : null;
    if (root.matches && root.matches(ERRORS)) first = root;
    if (!first) return;
    var form = first.closest("form") || first.parentElement;
    for (var node = first; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    var invalid = form && form.querySelector("[aria-invalid=true]");
    var target = invalid || first;
    if (!target.hasAttribute("tabindex") && !invalid) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
    var live = document.getElementById("refusal-live");
    if (live) {
      var texts = [];
      (form || root).querySelectorAll(ERRORS).forEach(function (node) {
        texts.push(node.textContent.trim());
      });
      // Emptied first so that the same message twice is announced twice.
      live.textContent = "";
      window.setTimeout(function () {
        live.textContent = texts.join(" ");
      }, 50);
    }
  }

  // An HTMX refusal: the new content is processed (htmx:load) after the swap.
  var refusedSwap = false;
  document.addEventListener("htmx:beforeSwap", function (event) {
    refusedSwap = event.detail.xhr && event.detail.xhr.status === 422;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!refusedSwap) return;
    refusedSwap = false;
    var target = event.detail.target;
    // An outerHTML swap replaces the target: look for the new element by its id.
    if (target && !target.isConnected && target.id) target = document.getElementById(target.id);
    reveal(target && target.isConnected ? target : document.body);
  });
  // A plain POST refused: the whole page comes back with the form in error.
  // (app.js is deferred: the document is parsed when this runs.)
  if (document.querySelector("[data-refusal]")) reveal(document.body);

  // No double submit: a form's buttons are disabled while its HTMX request runs.
  // Only a submit: an autosaving field or a search box inside a form leaves its buttons alone.
  function formOf(element) {
    if (!element) return null;
    if (element.tagName === "FORM") return element;
    if (element.matches("button, input[type=submit]")) return element.form;
    return null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (!form) return;
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      if (button.disabled) return;
      button.disabled = true;
      button.dataset.busy = "true";
    });
    form.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (!form) return;
    form.querySelectorAll("[data-busy]").forEach(function (button) {
      button.disabled = false;
      delete button.dataset.busy;
    });
    form.removeAttribute("aria-busy");
  });
})();
