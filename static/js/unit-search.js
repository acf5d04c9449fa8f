// Type-ahead for the unit field of the report form. Without JavaScript the "Search"
// button next to the field does the same through a normal form submit.
(function () {
  "use strict";
  var input = document.getElementById("id_unit_search");
  var select = document.getElementById("id_unit");
  if (!input || !select || !window.fetch) { return; }
  var url = input.form.getAttribute("data-unit-search-url");
  var status = document.createElement("p");
  status.className = "form-text";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  input.parentNode.appendChild(status);
  var timer = null;
  var latest = 0;

  function show(units, term) {
    var keep = select.value;
    select.innerHTML = "";
    units.forEach(function (unit) {
      var option = document.createElement("option");
      option.value = unit.id;
      option.textContent = unit.parent ? unit.name + " (" + unit.parent + ")" : unit.name;
      select.appendChild(option);
    });
    if (units.some(function (unit) { return String(unit.id) === keep; })) { select.value = keep; }
    status.textContent = units.length
      ? select.getAttribute(units.length === 1 ? "data-found-one" : "data-found-text")
        .replace("%(count)s", units.length)
      : select.getAttribute("data-none-text").replace("%(term)s", term);
  }

  input.addEventListener("input", function () {
    var term = input.value.trim();
    clearTimeout(timer);
    if (term.length < 2) { return; }
    timer = setTimeout(function () {
      var request = ++latest;
      fetch(url + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (request === latest) { show(data.units, term); } })
        .catch(function () { /* the Search button still works */ });
    }, 250);
  });
})();
