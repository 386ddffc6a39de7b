/* The language tabs that modeltranslation builds with jQuery UI, made readable and
   accessible (axe-core, WCAG 2.1 AA). Loaded after modeltranslation's script, so its
   ready handler runs after the tabs exist. No inline script: a strict CSP must hold.

   - Each tab, and each choice of the "all fields" menu, names its language as people
     know it, in its own script: "Srpski (latinica)", "Српски (ћирилица)", "English"
     (modeltranslation shows the codes: "sr-latn", "sr", "en").
   - The menu always says the language the tabs show: choosing a tab shows that language
     in every field, as choosing it in the menu does.
   - A field's label says its language ("Summary (Serbian, Latin)") for when there are
     no tabs; inside a tab, or above a column of tabs, the tab says it.
   - The WAI-ARIA tabs pattern: the role and state sit on the links.
   - The search icons of Django's two-list selector (a user's or a group's permissions)
     are named on a <span> with no role, which cannot carry a name: they are images. */
(function () {
  "use strict";
  var jQuery = window.django && window.django.jQuery ? window.django.jQuery : window.jQuery;
  if (!jQuery) {
    return;
  }

  // The languages, from the page (core.i18n.admin_languages): code, field_code, name, tag
  // (BCP 47) and qualifier (the words that end a field's label, "Serbian, Latin").
  function readLanguages() {
    var data = document.getElementById("astra-admin-languages");
    if (!data) {
      return [];
    }
    try {
      return JSON.parse(data.textContent);
    } catch (error) {
      return [];
    }
  }

  var LANGUAGES = readLanguages();

  // modeltranslation writes a language as its field suffix with a hyphen ("sr-latn").
  function languageOf(text) {
    var code = (text || "").trim().replace("-", "_");
    for (var i = 0; i < LANGUAGES.length; i++) {
      if (LANGUAGES[i].field_code === code || LANGUAGES[i].code === text.trim()) {
        return LANGUAGES[i];
      }
    }
    return null;
  }

  function nameLanguage(element, language) {
    element.textContent = language.name;
    element.setAttribute("lang", language.tag);
    // modeltranslation's tooltip repeats the name, in the browser's language.
    element.removeAttribute("title");
  }

  // "Summary (Serbian, Latin):" → "Summary:", in the text only (a label may hold more).
  function dropQualifier(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      for (var i = 0; i < LANGUAGES.length; i++) {
        var suffix = " (" + LANGUAGES[i].qualifier + ")";
        if (node.nodeValue.indexOf(suffix) !== -1) {
          node.nodeValue = node.nodeValue.replace(suffix, "");
          return;
        }
      }
    }
  }

  // The "all fields" language menu: named, and its choices named.
  function prepareMainSwitch(select) {
    var label = document.querySelector('meta[name="astra-translation-switch-label"]');
    if (label) {
      select.setAttribute("aria-label", label.content);
    }
    Array.prototype.forEach.call(select.options, function (option) {
      var language = languageOf(option.textContent);
      if (language) {
        nameLanguage(option, language);
      }
    });
  }

  // jQuery UI puts role="tab" on the <li> and leaves a focusable link inside it, which
  // assistive technology cannot reach as a tab (nested interactive controls). The WAI-ARIA
  // tabs pattern puts the role on the link itself: move the role and state there, and
  // keep them in step whenever jQuery UI changes the active tab.
  var MOVED = ["role", "aria-controls", "aria-selected", "aria-expanded", "tabindex"];

  function moveTabSemantics(nav) {
    jQuery(nav).children("li").each(function () {
      var item = this;
      var link = item.querySelector("a");
      if (!link) {
        return;
      }
      if (item.getAttribute("role") !== "tab" && !item.hasAttribute("aria-selected")) {
        return;
      }
      MOVED.forEach(function (name) {
        if (item.hasAttribute(name) && !(name === "role" && item.getAttribute(name) !== "tab")) {
          link.setAttribute(name, item.getAttribute(name));
          item.removeAttribute(name);
        }
      });
      // A global ARIA attribute would cancel role="presentation"; the link names itself.
      item.removeAttribute("aria-labelledby");
      item.setAttribute("role", "presentation");
    });
  }

  function prepareTabs(container) {
    var tabs = jQuery(container);
    var nav = tabs.children(".ui-tabs-nav").get(0);
    if (!nav || container.getAttribute("data-astra-tabs") === "ready") {
      return;
    }
    container.setAttribute("data-astra-tabs", "ready");
    Array.prototype.forEach.call(nav.querySelectorAll("a"), function (link) {
      var language = languageOf(link.textContent);
      if (language) {
        nameLanguage(link, language);
      }
    });
    tabs.find(".ui-tabs-panel label").each(function () {
      dropQualifier(this);
    });
    // jQuery UI finds a tab's panel through the <li>'s aria-controls, now on the link.
    var widget = tabs.tabs("instance");
    widget._getPanelForTab = function (tab) {
      var id = jQuery(tab).find("a").attr("aria-controls");
      return this.element.find("#" + jQuery.escapeSelector(id));
    };
    moveTabSemantics(nav);
    tabs.on("tabsactivate", function () {
      var hadFocus = nav.contains(document.activeElement);
      // jQuery UI sets the new state on the <li> just after this event: wait for it.
      window.setTimeout(function () {
        moveTabSemantics(nav);
        if (hadFocus) {
          // jQuery UI's arrow keys focus the <li>, which is no longer focusable.
          var active = nav.querySelector('a[aria-selected="true"]');
          if (active) {
            active.focus();
          }
        }
      }, 0);
    });
  }

  // Above a tabular inline's column of tabs: the column's name without a language.
  function prepareInlineHeadings() {
    jQuery("div.inline-group .tabular thead th").each(function () {
      dropQualifier(this);
    });
  }

  function activeIndex(container) {
    return jQuery(container).tabs("option", "active");
  }

  // The menu and every field show one language: the one last chosen, in either.
  function keepInStep(select) {
    var following = false;
    jQuery(document).on("tabsactivate", ".ui-tabs", function (event) {
      if (following || event.target !== event.currentTarget) {
        return;
      }
      var index = activeIndex(event.currentTarget);
      following = true;
      try {
        jQuery(".ui-tabs").each(function () {
          if (this !== event.currentTarget && activeIndex(this) !== index) {
            jQuery(this).tabs("option", "active", index);
          }
        });
      } finally {
        following = false;
      }
      if (select) {
        select.value = String(index);
      }
    });
    if (select) {
      // As the page opens: the language the first field shows (the admin's own).
      var first = document.querySelector(".ui-tabs");
      if (first) {
        select.value = String(activeIndex(first));
      }
    }
  }

  function prepareAll() {
    jQuery(".ui-tabs").each(function () {
      prepareTabs(this);
    });
  }

  function nameSelectorIcons() {
    Array.prototype.forEach.call(
      document.querySelectorAll(".selector .help-tooltip[aria-label]:not([role])"),
      function (icon) {
        icon.setAttribute("role", "img");
      },
    );
  }

  // Django's selector is built on the page's load event, perhaps after this listener.
  window.addEventListener("load", function () {
    window.setTimeout(nameSelectorIcons, 0);
  });

  jQuery(function () {
    var select = document.getElementById("modeltranslation-main-switch");
    if (select) {
      prepareMainSwitch(select);
    }
    prepareAll();
    prepareInlineHeadings();
    keepInStep(select);
    // A row added to an inline gets its tabs from modeltranslation when it is added.
    if (window.MutationObserver) {
      new MutationObserver(function () {
        prepareAll();
      }).observe(document.getElementById("content") || document.body, {
        childList: true,
        subtree: true,
      });
    }
  });
})();
