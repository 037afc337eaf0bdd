/*
 * The kiosk's ticket and check-in pages (排队取号, plan 四(一)2(3)).
 *
 * - A ticket page opened with data-autoprint="1" on its script tag prints once after it has loaded
 *   (Chromium started with --kiosk-printing sends it to the receipt printer without a dialog);
 *   [data-print] buttons print again. The page's address drops ?print=1 first, so going back or
 *   reloading never prints a second receipt.
 * - The check-in keypad ([data-key] buttons) types into #code; clear and backspace.
 * No timers, nothing kept: kiosk.js returns the kiosk to its start page.
 */
(function () {
  "use strict";

  var script = document.currentScript;

  function printOnce() {
    if (window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.delete("print");
      window.history.replaceState(null, "", url.pathname + url.search);
    }
    window.print();
  }

  if (script && script.getAttribute("data-autoprint") === "1") {
    if (document.readyState === "complete") {
      printOnce();
    } else {
      window.addEventListener("load", printOnce, { once: true });
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target.closest("[data-print], [data-key]") : null;
    if (!target) {
      return;
    }
    if (target.hasAttribute("data-print")) {
      window.print();
      return;
    }
    var input = document.getElementById("code");
    if (!input) {
      return;
    }
    var key = target.getAttribute("data-key");
    if (key === "clear") {
      input.value = "";
    } else if (key === "back") {
      input.value = input.value.slice(0, -1);
    } else if (input.value.length < 8) {
      input.value += key;
    }
  });
})();
