/* The home page's order, set by dragging networks in their change list (networks/admin.py).

   The list is a form with a place number per network (list_editable): without this
   script editors type the numbers. With it, each row gets a handle: drag it, or focus it
   and press the up and down arrow keys, and the rows' numbers are dealt out again in
   their new order (the same numbers: networks the list does not show keep theirs). Saving
   is the list's own "Save" button, as for typed numbers. Only in the home page's order:
   sorted by another column, the rows' order means nothing for it. No inline script. */
(function () {
  "use strict";

  function placeInputs(table) {
    return Array.prototype.slice.call(
      table.querySelectorAll('tbody input[name^="form-"][name$="-display_order"]'),
    );
  }

  function readText() {
    var data = document.getElementById("astra-places-text");
    try {
      return data ? JSON.parse(data.textContent) : null;
    } catch (error) {
      return null;
    }
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function rowName(row) {
    var cell = row.querySelector("th");
    return cell ? cell.textContent.trim() : "";
  }

  function init() {
    var table = document.getElementById("result_list");
    var text = readText();
    if (!table || !text) {
      return;
    }
    // Sorted by a column ("o" in the address), the list is not in the home page's order.
    if (new URLSearchParams(window.location.search).has("o")) {
      return;
    }
    var inputs = placeInputs(table);
    if (inputs.length < 2) {
      return;
    }
    var tbody = table.tBodies[0];
    var status = document.querySelector(".places-status");
    var dragged = null;

    // The same numbers, lowest first, in the rows' new order.
    function renumber(movedRow) {
      var current = placeInputs(table);
      var numbers = current.map(function (input) {
        return parseInt(input.value, 10);
      });
      if (numbers.some(isNaN)) {
        numbers = current.map(function (input) {
          return parseInt(input.defaultValue, 10);
        });
      }
      numbers.sort(function (a, b) {
        return a - b;
      });
      current.forEach(function (input, index) {
        if (String(numbers[index]) !== input.value) {
          input.value = String(numbers[index]);
          // Django's actions.js warns about unsaved changes when it hears this.
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      if (movedRow && status) {
        var input = movedRow.querySelector('input[name$="-display_order"]');
        status.textContent = fill(text.moved, { name: rowName(movedRow), place: input.value });
      }
    }

    function move(row, offset) {
      var rows = Array.prototype.slice.call(tbody.rows);
      var index = rows.indexOf(row);
      var target = rows[index + offset];
      if (!target) {
        return;
      }
      if (offset < 0) {
        tbody.insertBefore(row, target);
      } else {
        tbody.insertBefore(row, target.nextSibling);
      }
      renumber(row);
    }

    inputs.forEach(function (input) {
      var row = input.closest("tr");
      var handle = document.createElement("button");
      handle.type = "button";
      handle.className = "place-handle";
      handle.textContent = "⇅";
      handle.setAttribute("aria-label", fill(text.move, { name: rowName(row) }));
      handle.setAttribute("aria-describedby", "places-help");
      input.parentNode.insertBefore(handle, input);

      handle.addEventListener("keydown", function (event) {
        if (event.key === "ArrowUp" || event.key === "ArrowDown") {
          event.preventDefault();
          move(row, event.key === "ArrowUp" ? -1 : 1);
          handle.focus();
        }
      });
      // Only the handle starts a drag: text in the row stays selectable.
      handle.addEventListener("pointerdown", function () {
        row.draggable = true;
      });
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("place-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", rowName(row));
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("place-dragging");
        row.draggable = false;
        dragged = null;
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged === row) {
          return;
        }
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
      });
      row.addEventListener("drop", function (event) {
        if (!dragged || dragged === row) {
          return;
        }
        event.preventDefault();
        var rows = Array.prototype.slice.call(tbody.rows);
        // Dropped on a row below: after it; on a row above: before it.
        if (rows.indexOf(dragged) < rows.indexOf(row)) {
          tbody.insertBefore(dragged, row.nextSibling);
        } else {
          tbody.insertBefore(dragged, row);
        }
        renumber(dragged);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
