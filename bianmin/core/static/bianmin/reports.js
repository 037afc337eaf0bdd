// Charts of the county's monthly reports page (信息报送); data from the json_script "report-chart-data".
(function () {
  "use strict";
  var data = document.getElementById("report-chart-data");
  if (!data || !window.echarts) { return; }
  var d = JSON.parse(data.textContent);
  var charts = [];

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el);
    chart.setOption(option);
    charts.push(chart);
  }

  draw("report-mom-chart", {
    color: ["#0d6efd", "#198754", "#fd7e14"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 44, right: 44, top: 36, bottom: 28 },
    xAxis: { type: "category", data: d.mom.months },
    yAxis: [
      { type: "value", name: "件", minInterval: 1 },
      { type: "value", name: "%", min: 0, max: 100, splitLine: { show: false } }
    ],
    series: [
      { name: "收件", type: "bar", data: d.mom.received },
      { name: "办结", type: "bar", data: d.mom.completed },
      { name: "按时办结率", type: "line", yAxisIndex: 1, data: d.mom.rate, connectNulls: true,
        tooltip: { valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } } }
    ]
  });

  draw("report-yoy-chart", {
    color: ["#0d6efd", "#adb5bd"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 44, right: 12, top: 36, bottom: 28 },
    xAxis: { type: "category", data: d.yoy.months },
    yAxis: { type: "value", name: "收件", minInterval: 1 },
    series: [
      { name: d.yoy.this_year + "年", type: "line", data: d.yoy.this, symbolSize: 6 },
      { name: d.yoy.last_year + "年", type: "line", data: d.yoy.last, symbolSize: 6, lineStyle: { type: "dashed" } }
    ]
  });

  draw("report-centre-chart", {
    color: ["#0d6efd", "#198754"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 44, right: 12, top: 36, bottom: 48 },
    xAxis: { type: "category", data: d.centres.names, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "收件", type: "bar", data: d.centres.received },
      { name: "办结", type: "bar", data: d.centres.completed }
    ]
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
