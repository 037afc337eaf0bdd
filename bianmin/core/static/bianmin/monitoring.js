// Charts of the electronic monitoring dashboard; data from the json_script "monitor-trend-data".
(function () {
  "use strict";
  var data = document.getElementById("monitor-trend-data");
  if (!data || !window.echarts) { return; }
  var t = JSON.parse(data.textContent);
  var charts = [];
  var colours = ["#dc3545", "#fd7e14", "#6f42c1", "#d63384", "#0d6efd", "#20c997", "#6c757d"];
  var trend = document.getElementById("monitor-trend-chart");
  if (trend) {
    var chart = echarts.init(trend);
    chart.setOption({
      color: colours,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 36, right: 12, top: 36, bottom: 28 },
      xAxis: { type: "category", data: t.months },
      yAxis: { type: "value", minInterval: 1 },
      series: Object.keys(t.by_kind).map(function (name) {
        return { name: name, type: "bar", stack: "red", data: t.by_kind[name] };
      })
    });
    charts.push(chart);
  }
  var heat = document.getElementById("monitor-heat-chart");
  if (heat) {
    var hc = echarts.init(heat);
    hc.setOption({
      tooltip: { formatter: function (p) { return t.centres[p.value[1]] + " " + t.months[p.value[0]] + ":红灯 " + p.value[2] + " 项"; } },
      grid: { left: 72, right: 64, top: 8, bottom: 28 },
      xAxis: { type: "category", data: t.months, splitArea: { show: true } },
      yAxis: { type: "category", data: t.centres, splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(t.max, 1), calculable: true, orient: "vertical", right: 0, top: "middle",
                   itemHeight: 120, itemWidth: 12,
                   inRange: { color: ["#fff5f5", "#f8a5ad", "#dc3545"] } },
      series: [{ type: "heatmap", data: t.heat, label: { show: true } }]
    });
    charts.push(hc);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
