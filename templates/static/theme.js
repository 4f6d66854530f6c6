/* pulsebook: light or dark. The page follows the system's prefers-color-scheme until
 * the reader presses the toggle in the top bar; the choice is kept in localStorage
 * (per browser; works from file:// too) and set as html[data-theme] before the page
 * is drawn, so it never flashes. Without scripts the system's choice applies and the
 * toggle stays hidden. */
(function () {
  "use strict";
  var KEY = "pulsebook-theme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  try {
    var stored = window.localStorage.getItem(KEY);
    if (stored === "dark" || stored === "light") {
      root.setAttribute("data-theme", stored);
    }
  } catch (e) {
    /* Storage refused (privacy settings): follow the system. */
  }

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) {
      return chosen === "dark";
    }
    return !!(system && system.matches);
  }

  function wire() {
    var button = document.querySelector(".theme-toggle");
    if (!button) {
      return;
    }
    var show = function () {
      button.setAttribute("aria-pressed", isDark() ? "true" : "false");
    };
    show();
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        window.localStorage.setItem(KEY, next);
      } catch (e) {
        /* Kept for this page only. */
      }
      show();
    });
    if (system && system.addEventListener) {
      system.addEventListener("change", show);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
