// Charts of the assessment pages (年度考核 ranking, 标准化建设 county view). Data comes from a
// json_script tag next to each chart container; a page without the container skips that chart.

// 各中心总分 (horizontal bars, first place on top); data from the json_script above.
(function () {
  "use strict";
  var el = document.getElementById("assessment-total-chart");
  var data = document.getElementById("assessment-total-data");
  if (!el || !data || !window.echarts) { return; }
  var d = JSON.parse(data.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: "value", name: "分" },
    yAxis: { type: "category", inverse: true, data: d.names },
    series: [{ type: "bar", name: "总分", data: d.totals, itemStyle: { color: "#0d6efd" },
               label: { show: true, position: "right" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

// The county chart of the standardization progress; data from the json_script "progress-chart-data".
(function () {
  "use strict";
  var el = document.getElementById("progress-chart");
  var data = document.getElementById("progress-chart-data");
  if (!el || !data || !window.echarts) { return; }
  var d = JSON.parse(data.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    color: ["#198754", "#dc3545", "#ffc107", "#0d6efd"],
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 36, bottom: 64 },
    xAxis: { type: "category", data: d.centres, axisLabel: { interval: 0, rotate: 40 } },
    yAxis: [
      { type: "value", name: "项目数", minInterval: 1 },
      { type: "value", name: "覆盖率", min: 0, max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } }
    ],
    series: [
      { name: "已达标", type: "bar", stack: "items", data: d.met },
      { name: "未达标(必达项)", type: "bar", stack: "items", data: d.hard },
      { name: "未达标(其他)", type: "bar", stack: "items", data: d.other },
      { name: "代办点覆盖率", type: "line", yAxisIndex: 1, data: d.coverage, symbolSize: 7,
        tooltip: { valueFormatter: function (v) { return v + "%"; } } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
