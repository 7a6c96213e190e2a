// 履职统计图表: draws the charts from the JSON that the page embeds with json_script.
(function () {
  "use strict";
  var source = document.getElementById("duty-chart-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var red = "#b5121b";
  function bar(id, series, opts) {
    var el = document.getElementById(id);
    var chart = echarts.init(el);
    var horizontal = opts && opts.horizontal;
    var cat = { type: "category", data: series.labels, axisLabel: { interval: 0, fontSize: 11, rotate: horizontal ? 0 : 30 } };
    var val = { type: "value", minInterval: 1, max: opts && opts.max };
    chart.setOption({
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? Object.assign(cat, { inverse: true }) : val,
      series: [{ type: "bar", data: series.values, itemStyle: { color: (opts && opts.color) || red }, label: { show: true, position: horizontal ? "right" : "top", fontSize: 11 } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  bar("chart-bins", data.bins);
  var g = echarts.init(document.getElementById("chart-grades"));
  g.setOption({
    tooltip: { trigger: "item", formatter: "{b}：{c} 人（{d}%）" },
    legend: { bottom: 0 },
    color: ["#198754", "#0d6efd", "#fd7e14", "#dc3545", "#6c757d"],
    series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: data.grades.labels.map(function (l, i) { return { name: l, value: data.grades.values[i] }; }), label: { formatter: "{b}\n{c}人" } }]
  });
  window.addEventListener("resize", function () { g.resize(); });
  bar("chart-sectors", data.sectors, { horizontal: true, color: "#0d6efd" });
  bar("chart-minimums", data.minimums, { horizontal: true, color: "#198754", max: 100 });
})();
