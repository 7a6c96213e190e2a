// 提案统计图表: draws the charts from the JSON that the page embeds with json_script.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var phone = window.innerWidth < 576;
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = echarts.init(el);
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }
  chart("chart-category", {
    tooltip: {trigger: "axis"}, legend: {top: 0, data: ["收到", "立案"]}, grid: {left: 40, right: 10, top: 30, bottom: phone ? 80 : 60},
    xAxis: {type: "category", data: data.category.labels, axisLabel: {rotate: phone ? 60 : 30, interval: 0}},
    yAxis: {type: "value"},
    series: [{name: "收到", type: "bar", data: data.category.received}, {name: "立案", type: "bar", data: data.category.accepted}]
  });
  chart("chart-codes", {
    tooltip: {trigger: "item", formatter: "{b}：{c}（{d}%）"}, legend: {bottom: 0},
    series: [{type: "pie", radius: ["35%", "60%"], data: data.codes, label: {formatter: "{b}\n{d}%", overflow: "none"}}]
  });
  chart("chart-units", {
    tooltip: {trigger: "axis"}, legend: {top: 0, data: ["主办/分办", "已答复"]}, grid: {left: 40, right: 10, top: 30, bottom: 110},
    dataZoom: phone ? [{type: "inside", start: 0, end: 30}] : [],
    xAxis: {type: "category", data: data.units.labels, axisLabel: {rotate: 45, interval: 0}},
    yAxis: {type: "value"},
    series: [{name: "主办/分办", type: "bar", data: data.units.assigned}, {name: "已答复", type: "bar", data: data.units.replied}]
  });
})();
