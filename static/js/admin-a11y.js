/* Accessibility corrections to the markup that modeltranslation builds with jQuery UI
   (found by axe-core, WCAG 2.1 AA). Loaded after modeltranslation's script, so its
   ready handler runs after the tabs exist. No inline script: a strict CSP must hold. */
(function () {
  "use strict";
  var jQuery = window.django && window.django.jQuery ? window.django.jQuery : window.jQuery;
  if (!jQuery) {
    return;
  }

  // The "all fields" language select has no label; its name comes from our template.
  function labelMainSwitch() {
    var select = document.getElementById("modeltranslation-main-switch");
    var label = document.querySelector('meta[name="astra-translation-switch-label"]');
    if (select && label) {
      select.setAttribute("aria-label", label.content);
    }
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

  jQuery(function () {
    labelMainSwitch();
    jQuery(".ui-tabs").each(function () {
      var tabs = jQuery(this);
      var nav = tabs.children(".ui-tabs-nav").get(0);
      if (!nav) {
        return;
      }
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
    });
  });
})();
