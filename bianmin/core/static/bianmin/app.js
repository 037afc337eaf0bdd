// Small behaviours of every page, without inline handlers (the Content-Security-Policy allows no
// inline script): a <select data-autosubmit> submits its form when changed; a form with
// data-confirm asks first; a button with data-print prints the page; a button with
// data-copy="#id" copies that field's value; an element with data-height takes that height in
// pixels (a chart sized by the number of its rows).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { event.preventDefault(); window.print(); }
    var copy = event.target.closest && event.target.closest("[data-copy]");
    var source = copy && document.querySelector(copy.getAttribute("data-copy"));
    if (source && navigator.clipboard) { navigator.clipboard.writeText(source.value || source.textContent); }
  });
  function sizeAll() {
    document.querySelectorAll("[data-height]").forEach(function (el) {
      el.style.height = parseInt(el.getAttribute("data-height"), 10) + "px";
    });
  }
  sizeAll();
})();
