// The announcement composer: show only the picker the chosen audience needs.
(function () {
  "use strict";
  var form = document.getElementById("announcement-form");
  if (!form) { return; }
  var audience = form.querySelector("select[name=audience]");
  var needs = {course: "course", group: "group", programme: "programme", faculty: "faculty", role: "role"};
  function update() {
    var wanted = needs[audience.value] || "";
    form.querySelectorAll(".audience-row").forEach(function (row) {
      var name = row.getAttribute("data-audience");
      row.hidden = !(name === "audience" || name === wanted);
    });
  }
  audience.addEventListener("change", update);
  update();
})();
