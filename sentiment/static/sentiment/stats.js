// Charts of the 社情民意 statistics page, drawn from the JSON the page embeds (#chart-data).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var charts = [];
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var chart = echarts.init(el);
    chart.setOption(option);
    charts.push(chart);
  }
  var red = "#b5121b";
  draw("chart-months", {
    color: ["#5470c6", red, "#fac858"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 32, right: 12, top: 36, bottom: 24 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "收到", type: "bar", data: data.received },
      { name: "编发采用", type: "bar", data: data.issued },
      { name: "报送上级", type: "line", data: data.sent_up }
    ]
  });
  draw("chart-levels", {
    color: [red],
    tooltip: {},
    grid: { left: 96, right: 24, top: 8, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.levels.labels, inverse: true },
    series: [{ type: "bar", data: data.levels.values, label: { show: true, position: "right" } }]
  });
  draw("chart-categories", {
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.categories, label: { formatter: "{b} {c}" } }]
  });
  draw("chart-lower", {
    color: ["#5470c6", red],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 32, right: 12, top: 36, bottom: 24 },
    xAxis: { type: "category", data: data.lower.names },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "报送", type: "bar", data: data.lower.sent },
      { name: "本会采用", type: "bar", data: data.lower.adopted }
    ]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
