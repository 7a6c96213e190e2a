// 协商 pages: a search box above long multi-selects (select.filterable), and the reply form's
// leave reason shown only when 请假 is chosen.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select.filterable").forEach(function (select) {
      var box = document.createElement("input");
      box.type = "search";
      box.className = "form-control form-control-sm mb-1";
      box.placeholder = "输入姓名或名称筛选";
      box.setAttribute("aria-label", "筛选选项");
      select.parentNode.insertBefore(box, select);
      box.addEventListener("input", function () {
        var term = box.value.trim();
        Array.prototype.forEach.call(select.options, function (option) {
          option.hidden = term !== "" && option.text.indexOf(term) === -1 && !option.selected;
        });
      });
    });
    document.querySelectorAll("form.reply-form").forEach(function (form) {
      var reason = form.querySelector(".leave-reason");
      function sync() {
        var chosen = form.querySelector("input[name=reply]:checked");
        if (reason) reason.classList.toggle("d-none", !chosen || chosen.value !== "leave_requested");
      }
      form.addEventListener("change", sync);
      sync();
    });
  });
})();
