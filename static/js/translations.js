/* The translation screen (templates/translations/form.html). The page works without it;
   it saves a step and a loss: typing a translation unticks "Needs checking" for its
   entry, and leaving the page with unsaved changes asks first. No inline script: the
   strict CSP holds here too. */
(function () {
  "use strict";

  function ready() {
    var form = document.querySelector("form.translations-form");
    if (!form) {
      return;
    }
    var saving = false;
    var changed = false;
    form.addEventListener("input", function (event) {
      changed = true;
      if (event.target.tagName !== "TEXTAREA") {
        return;
      }
      var row = event.target.closest("tr");
      var fuzzy = row && row.querySelector("td.fuzzy input[type=checkbox]");
      if (fuzzy) {
        fuzzy.checked = false;
      }
    });
    form.addEventListener("submit", function () {
      saving = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (changed && !saving) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
