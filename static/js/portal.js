// Small behaviours shared by every page. htmx carries the CSRF token from <body hx-headers>.
(function () {
  "use strict";
  // Ask before destructive or irreversible actions: <button data-confirm="确定要……吗？">
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // Live character counters: <textarea data-maxchars="1500"> followed by <span class="char-counter">
  function updateCounter(field) {
    var max = parseInt(field.getAttribute("data-maxchars"), 10);
    var counter = document.querySelector('[data-counter-for="' + field.id + '"]');
    if (!counter) return;
    var used = field.value.length;
    counter.textContent = "已输入 " + used + " / " + max + " 字";
    counter.classList.toggle("over", used > max);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-maxchars]")) updateCounter(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-maxchars]").forEach(updateCounter);
  });
  // The Content-Security-Policy allows no inline script, so small page behaviours are declared
  // with data attributes and handled here.
  // <select data-autosubmit>: choosing a value submits its form (year and session pickers).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-autosubmit]") && el.form) el.form.submit();
  });
  // <input type="checkbox" data-check-all=".row-check">: ticks or clears every matching box.
  document.addEventListener("change", function (event) {
    var all = event.target;
    if (!all.matches("[data-check-all]")) return;
    document.querySelectorAll(all.getAttribute("data-check-all")).forEach(function (c) { c.checked = all.checked; });
  });
  // <input class="member-filter" data-filter-for="id_x">: typing narrows the options of select #id_x.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches(".member-filter")) return;
    var select = document.getElementById(input.getAttribute("data-filter-for"));
    if (!select) return;
    var q = input.value.trim();
    Array.prototype.forEach.call(select.options, function (o) { o.hidden = q && o.text.indexOf(q) < 0 && !o.selected; });
  });
  // A fragment swapped in by htmx that holds <span data-reload-page> asks for a full reload.
  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (elt.matches("[data-reload-page]") || elt.querySelector("[data-reload-page]")) window.location.reload();
  });
})();
