// 提案交办: show the unit fields that the chosen assignment mode uses.
(function () {
  "use strict";
  var mode = document.getElementById("id_assign_mode");
  if (!mode) return;
  function show() {
    var m = mode.value;
    [["id_assign_lead", m !== "separate"], ["id_assign_co_units", m === "lead_co"], ["id_assign_separate_units", m === "separate"]].forEach(function (pair) {
      var field = document.getElementById(pair[0]);
      if (field) field.closest(".mb-3").hidden = !pair[1];
    });
  }
  mode.addEventListener("change", show);
  show();
})();
