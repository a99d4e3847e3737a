// Profile form: city and district suggestions follow the province; add qualification rows.
(function () {
  "use strict";
  var form = document.querySelector("form.profile-form");
  if (!form) return;

  var tree = null;
  var zones = {};
  function fill(listId, names) {
    var list = document.getElementById(listId);
    if (!list) return;
    list.textContent = "";
    (names || []).forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }
  function refresh() {
    if (!tree) return;
    var province = document.getElementById("id_province").value.trim();
    var city = document.getElementById("id_city").value.trim();
    var cities = tree[province] || {};
    fill("city-options", Object.keys(cities));
    fill("district-options", cities[city] || []);
    var hint = document.getElementById("zone-suggestions");
    if (hint) {
      var names = zones[city] || [];
      hint.textContent = names.length ? "本市已收录的开发区/园区:" + names.join("、") : "";
    }
  }
  var url = form.getAttribute("data-regions-url");
  if (url && window.fetch) {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        tree = data.tree || {};
        zones = data.zones || {};
        refresh();
      })
      .catch(function () {});
  }
  ["id_province", "id_city"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input) input.addEventListener("change", refresh);
  });

  var add = document.getElementById("add-qualification");
  var template = document.getElementById("qualification-template");
  var total = form.querySelector("input[name='q-TOTAL_FORMS']");
  var rows = document.getElementById("qualification-rows");
  if (add && template && total && rows) {
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
    });
  }
})();
