// Opens the injury section of the report form when a category that involves health data
// is chosen. Without JavaScript the section opens when the form comes back.
(function () {
  "use strict";
  var select = document.getElementById("id_category");
  var section = document.getElementById("injury-section");
  if (!select || !section) { return; }
  var health = (select.getAttribute("data-health-categories") || "").split(" ");
  select.addEventListener("change", function () {
    if (health.indexOf(select.value) !== -1) { section.open = true; }
  });
}());
