// The queue figures page (排队叫号统计): tickets per hour (bars) and average waiting and handling
// minutes (lines); data from the json_script "queue-chart-data".
(function () {
  "use strict";
  var data = document.getElementById("queue-chart-data");
  var el = document.getElementById("queue-hour-chart");
  if (!data || !el || !window.echarts) { return; }
  var d = JSON.parse(data.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    color: ["#0d6efd", "#dc3545", "#198754"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 44, right: 52, top: 36, bottom: 28 },
    xAxis: { type: "category", data: d.hours },
    yAxis: [
      { type: "value", name: "取号", minInterval: 1 },
      { type: "value", name: "分钟", splitLine: { show: false } }
    ],
    series: [
      { name: "取号", type: "bar", data: d.tickets },
      { name: "平均等候(分钟)", type: "line", yAxisIndex: 1, data: d.wait, connectNulls: true },
      { name: "平均办理(分钟)", type: "line", yAxisIndex: 1, data: d.handle, connectNulls: true }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
