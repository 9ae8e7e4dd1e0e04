// Live minutes: nothing typed is lost.
//
// Each textarea[data-autosave] posts itself through htmx a moment after typing
// stops (hx-trigger="input changed delay:800ms, autosave"). This file adds what
// htmx does not: every keystroke is also kept in localStorage until the server has
// the same text; a failed save (offline, server away) is retried when the
// connection returns and every few seconds; text kept from an earlier visit is put
// back on load and sent; Ctrl+S saves at once; "use the saved text" in a conflict.
(function () {
  "use strict";

  var RETRY_MS = 5000;
  var root = document.getElementById("minutes");
  if (!root || !window.htmx) return;
  var pending = new Set();

  function message(name) {
    return root.dataset["msg" + name.charAt(0).toUpperCase() + name.slice(1)] || name;
  }
  function storageKey(field) {
    return "minutes:" + location.pathname + ":" + field.dataset.autosave;
  }
  function stateOf(field) {
    return document.getElementById("state-" + field.dataset.autosave);
  }
  function versionOf(field) {
    var input = document.getElementById("version-" + field.dataset.autosave);
    return input ? input.value : "";
  }
  function show(field, text, kind) {
    var state = stateOf(field);
    if (!state) return;
    state.textContent = text;
    state.className = "save-state " + (kind || "");
  }
  function keep(field) {
    try {
      localStorage.setItem(
        storageKey(field),
        JSON.stringify({ text: field.value, version: versionOf(field), at: Date.now() })
      );
    } catch (e) {
      // Storage full or disabled: the server save still runs.
    }
  }
  function kept(field) {
    try {
      return JSON.parse(localStorage.getItem(storageKey(field)) || "null");
    } catch (e) {
      return null;
    }
  }
  function forget(field) {
    try {
      localStorage.removeItem(storageKey(field));
    } catch (e) {
      /* nothing kept */
    }
  }
  function isAutosave(element) {
    return element && element.matches && element.matches("textarea[data-autosave]");
  }
  function save(field) {
    htmx.trigger(field, "autosave");
  }

  // Keep every keystroke until the server confirms it.
  document.addEventListener("input", function (event) {
    if (!isAutosave(event.target)) return;
    keep(event.target);
    show(event.target, message("unsaved"), "unsaved");
  });

  // Ctrl+S (or Cmd+S) saves now instead of waiting.
  document.addEventListener("keydown", function (event) {
    if (!isAutosave(event.target)) return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save(event.target);
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var field = event.detail.elt;
    if (!isAutosave(field)) return;
    field.dataset.sending = field.value;
    show(field, message("saving"), "saving");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var field = event.detail.elt;
    if (!isAutosave(field)) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (event.detail.successful) {
      pending.delete(field.id);
    } else if (status >= 400 && status < 500) {
      // Refused for good (the minutes were locked meanwhile, or a bad request):
      // retrying cannot help. Say why; the text stays kept on this device.
      // A body over the server's size cap comes back as an error page, not a
      // message: say what happened in words instead.
      pending.delete(field.id);
      var answer = event.detail.xhr.responseText || "";
      if (status === 413 || (status === 400 && answer.trim().charAt(0) === "<")) {
        answer = status === 413 && answer.trim().charAt(0) !== "<" ? answer : message("tooLong");
      }
      show(field, answer || message("offline"), "conflict");
    } else {
      pending.add(field.id);
      show(field, message("offline"), "offline");
    }
  });

  // The answer's state is swapped in. htmx settles its class only after
  // htmx:afterRequest (until then it keeps the old span's class), so "saved" is
  // read once it has loaded.
  function answered(state) {
    if (!state.classList.contains("saved")) return;
    var field = document.getElementById("text-" + state.id.slice("state-".length));
    if (!isAutosave(field) || field.dataset.sending === undefined) return;
    // Forget the kept copy only if the server has exactly what is in the box now.
    if (field.value === field.dataset.sending) forget(field);
    else save(field);
  }

  // A request that never reached the server (offline) or timed out.
  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var field = event.detail.elt;
      if (!isAutosave(field)) return;
      pending.add(field.id);
      show(field, message("offline"), "offline");
    });
  });

  function retryPending() {
    if (navigator.onLine === false) return;
    pending.forEach(function (id) {
      var field = document.getElementById(id);
      if (field) save(field);
      else pending.delete(id);
    });
  }
  window.addEventListener("online", retryPending);
  setInterval(retryPending, RETRY_MS);

  // Put back text kept from a visit that could not save it, and send it.
  function restore(scope) {
    scope.querySelectorAll("textarea[data-autosave]").forEach(function (field) {
      var saved = kept(field);
      if (!saved) return;
      // The page came with this text: the server has it.
      if (saved.text === field.defaultValue) {
        forget(field);
        return;
      }
      field.value = saved.text;
      var version = document.getElementById("version-" + field.dataset.autosave);
      // Send it as based on the version it was typed on: a newer save by someone
      // else then shows both texts instead of being overwritten.
      if (version && saved.version) version.value = saved.version;
      pending.add(field.id);
      show(field, message("unsaved"), "unsaved");
      save(field);
    });
  }
  // htmx wires the textareas when the document is ready, after this deferred
  // script has run: an "autosave" sent before then reaches nobody. The body's
  // htmx:load restores then; a page already loaded is restored now.
  if (document.readyState !== "loading") restore(document);
  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail && event.detail.elt;
    if (!elt || !elt.querySelectorAll) return;
    if (elt.classList.contains("save-state")) answered(elt);
    else restore(elt);
  });

  // In a conflict: take the text someone else saved. It is fetched again, so a
  // save made since the conflict was shown is not lost; the copy in the panel is
  // the fallback when the server cannot be reached.
  function takeTheirs(key, text, version) {
    var field = document.getElementById("text-" + key);
    var input = document.getElementById("version-" + key);
    if (!field || !input) return;
    field.value = text;
    field.defaultValue = text;
    input.value = version;
    forget(field);
    pending.delete(field.id);
    var panel = document.getElementById("conflict-" + key);
    if (panel) panel.replaceChildren();
    show(field, message("saved"), "saved");
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-take-theirs]");
    if (!button) return;
    var key = button.dataset.takeTheirs;
    var theirs = document.getElementById("theirs-" + key);
    var shown = theirs ? (theirs.content ? theirs.content.textContent : theirs.textContent) : "";
    var fallback = function () {
      takeTheirs(key, shown, button.dataset.version);
    };
    if (!button.dataset.url || !window.fetch) return fallback();
    button.disabled = true;
    fetch(button.dataset.url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (latest) {
        takeTheirs(key, latest.text, String(latest.version));
      })
      .catch(fallback)
      .finally(function () {
        button.disabled = false;
      });
  });

  // Warn before leaving with text the server does not have yet.
  window.addEventListener("beforeunload", function (event) {
    if (pending.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
