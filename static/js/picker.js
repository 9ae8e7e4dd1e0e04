// The picker (core/picker.py, templates/components/picker.html): htmx fetches the
// matches into the listbox as the user types; this file makes them choosable with
// the keyboard, a mouse or a finger, and keeps the hidden id and the chip in step.
// Without it the text box is a plain input that the server resolves.
(function () {
  "use strict";
  var counter = 0;

  function parts(root) {
    return {
      root: root,
      value: root.querySelector("[data-picker-value]"),
      input: root.querySelector("[data-picker-input]"),
      list: root.querySelector("[data-picker-list]"),
      chip: root.querySelector("[data-picker-chip]"),
      chipLabel: root.querySelector("[data-picker-chip-label]"),
      chipDetail: root.querySelector("[data-picker-chip-detail]"),
      clear: root.querySelector("[data-picker-clear]"),
      chips: root.querySelector("[data-picker-chips]"),
      multiple: root.hasAttribute("data-picker-multiple"),
    };
  }

  function options(p) {
    return Array.prototype.slice.call(
      p.list.querySelectorAll(".picker-option")
    );
  }

  function active(p) {
    return p.list.querySelector(".picker-option[aria-selected='true']");
  }

  function open(p) {
    if (p.input.hidden || !p.input.value.trim()) {
      close(p);
      return;
    }
    var items = p.list.querySelectorAll("li");
    items.forEach(function (li, index) {
      li.id = p.list.id + "-" + index;
    });
    p.list.hidden = items.length === 0;
    p.input.setAttribute("aria-expanded", p.list.hidden ? "false" : "true");
    p.input.removeAttribute("aria-activedescendant");
  }

  function close(p) {
    p.list.hidden = true;
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }

  function highlight(p, option) {
    options(p).forEach(function (li) {
      li.setAttribute("aria-selected", li === option ? "true" : "false");
    });
    if (option) {
      p.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function move(p, step) {
    var all = options(p);
    if (!all.length) return;
    if (p.list.hidden) open(p);
    var index = all.indexOf(active(p)) + step;
    if (index < 0) index = all.length - 1;
    if (index >= all.length) index = 0;
    highlight(p, all[index]);
  }

  function chooseAnother(p, option) {
    // Several may be chosen: each one a ticked checkbox in a chip, untick to drop.
    var value = option.dataset.value;
    var already = Array.prototype.some.call(
      p.chips.querySelectorAll("input[type=checkbox]"),
      function (box) {
        if (box.value === value) box.checked = true;
        return box.value === value;
      }
    );
    if (!already) {
      var li = document.createElement("li");
      var label = document.createElement("label");
      label.className = "picker-chip";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = p.root.dataset.pickerName;
      box.value = value;
      box.checked = true;
      var text = document.createElement("span");
      text.className = "picker-chip-text";
      text.textContent = option.dataset.label + " ";
      var detail = document.createElement("span");
      detail.className = "picker-detail";
      detail.textContent = option.dataset.detail || "";
      text.appendChild(detail);
      label.appendChild(box);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(text);
      li.appendChild(label);
      p.chips.appendChild(li);
    }
    p.input.value = "";
    close(p);
    p.input.focus();
  }

  function choose(p, option) {
    if (p.multiple) {
      chooseAnother(p, option);
      return;
    }
    p.value.value = option.dataset.value;
    p.chipLabel.textContent = option.dataset.label;
    p.chipDetail.textContent = option.dataset.detail || "";
    p.chip.hidden = false;
    p.root.classList.add("picker-chosen");
    p.input.value = "";
    p.input.hidden = true;
    close(p);
    p.clear.focus();
    p.value.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function unchoose(p) {
    p.value.value = "";
    p.chip.hidden = true;
    p.root.classList.remove("picker-chosen");
    p.input.hidden = false;
    p.input.focus();
    p.value.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function init(root) {
    if (root.dataset.pickerReady) return;
    root.dataset.pickerReady = "1";
    var p = parts(root);
    // The same form can be drawn several times on a page (an action item form
    // under every agenda item): give each listbox its own id.
    counter += 1;
    p.list.id = p.list.id + "-" + counter;
    p.input.setAttribute("aria-controls", p.list.id);
    if (!p.multiple) {
      if (!p.input.disabled) p.clear.hidden = false;
      if (p.value.value) p.input.hidden = true;
    }

    p.input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move(p, 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move(p, -1);
      } else if (event.key === "Enter") {
        var current = active(p) || (options(p).length === 1 && !p.list.hidden ? options(p)[0] : null);
        if (current && !p.list.hidden) {
          event.preventDefault();
          choose(p, current);
        }
      } else if (event.key === "Escape") {
        if (!p.list.hidden) {
          event.preventDefault();
          close(p);
        }
      }
    });
    // Typing again means nothing is chosen until a match is picked.
    p.input.addEventListener("input", function () {
      if (!p.multiple) p.value.value = "";
      if (!p.input.value.trim()) close(p);
    });
    p.input.addEventListener("blur", function () {
      // Let a tap on an option land first.
      window.setTimeout(function () {
        if (!root.contains(document.activeElement)) close(p);
      }, 150);
    });
    p.list.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the box
    });
    p.list.addEventListener("click", function (event) {
      var option = event.target.closest(".picker-option");
      if (option) choose(p, option);
    });
    if (p.clear) {
      p.clear.addEventListener("click", function () {
        unchoose(p);
      });
    }
    root.addEventListener("htmx:afterSwap", function (event) {
      if (event.target === p.list) open(p);
    });
  }

  function initAll(scope) {
    (scope || document).querySelectorAll("[data-picker]").forEach(init);
  }

  document.addEventListener("DOMContentLoaded", function () {
    initAll(document);
  });
  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail && event.detail.elt;
    if (!elt || !elt.querySelectorAll) return;
    if (elt.matches && elt.matches("[data-picker]")) init(elt);
    initAll(elt);
  });
})();
