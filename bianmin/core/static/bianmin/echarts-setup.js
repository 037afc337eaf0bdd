// Loaded right after echarts.min.js on every page with charts: a person who asked their system for
// less motion (prefers-reduced-motion) gets charts drawn at once, without the growing animation.
// Screenshots taken by the browser tests rely on it too (a bar half-grown reads as a wrong figure).
(function () {
  "use strict";
  if (!window.echarts || !window.matchMedia) { return; }
  if (!window.matchMedia("(prefers-reduced-motion: reduce)").matches) { return; }
  var init = window.echarts.init;
  window.echarts.init = function () {
    var chart = init.apply(this, arguments);
    var setOption = chart.setOption;
    chart.setOption = function (option) {
      var args = Array.prototype.slice.call(arguments);
      args[0] = Object.assign({}, option, { animation: false });
      return setOption.apply(chart, args);
    };
    return chart;
  };
})();
