// 记录履职: the people count only matters for 联系界别群众.
(function () {
  "use strict";
  var form = document.getElementById("activity-form");
  var box = document.getElementById("quantity-field");
  if (!form || !box) return;
  function sync() {
    var chosen = form.querySelector('input[name="kind"]:checked');
    box.style.display = (!chosen || chosen.value === "contact") ? "" : "none";
  }
  form.addEventListener("change", sync);
  sync();
})();
