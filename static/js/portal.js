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
})();
