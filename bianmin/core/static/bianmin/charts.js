// Charts of the dashboards. Data comes from a json_script tag next to the chart container.
(function () {
  "use strict";
  var el = document.getElementById("hall-class-chart");
  var data = document.getElementById("hall-class-data");
  if (!el || !data || !window.echarts) { return; }
  var counts = JSON.parse(data.textContent);
  var colours = { "示范型": "#198754", "标准型": "#0d6efd", "简朴型": "#0dcaf0", "未达标": "#dc3545" };
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 32, right: 12, top: 16, bottom: 28 },
    xAxis: { type: "category", data: Object.keys(counts) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{
      type: "bar",
      name: "中心数",
      data: Object.keys(counts).map(function (k) { return { value: counts[k], itemStyle: { color: colours[k] } }; }),
      label: { show: true, position: "top" }
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
