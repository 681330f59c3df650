// The postmortem index: filter by severity, year and status, sort by any column.
// Progressive enhancement: without this file the table is complete and readable.
// No framework, no inline script; the DOM is built with createElement and textContent.
(function () {
  "use strict";
  var section = document.querySelector("[data-postmortem-index]");
  if (!section) return;
  var table = section.querySelector("table");
  var tbody = table && table.tBodies[0];
  if (!tbody) return;
  var rows = Array.prototype.slice.call(tbody.rows);
  var labels = section.dataset;
  var filters = { severity: "", status: "", year: "" };

  function yearOf(row) { return (row.dataset.date || "").slice(0, 4) || "unknown"; }
  function cellText(row, column) { return row.cells[column].textContent.trim(); }

  // One <select> per filter, with the values present in the table.
  function choices(key, column) {
    var seen = {}, out = [];
    rows.forEach(function (row) {
      var value = key === "year" ? yearOf(row) : row.dataset[key];
      if (seen[value]) return;
      seen[value] = true;
      var label = key === "year" ? (value === "unknown" ? labels.labelUnknown : value) : cellText(row, column);
      out.push({ value: value, label: label });
    });
    out.sort(function (a, b) { return a.value < b.value ? -1 : a.value > b.value ? 1 : 0; });
    return out;
  }

  var bar = document.createElement("div");
  bar.className = "table-filters";
  var count = document.createElement("p");
  count.className = "table-count";
  count.setAttribute("role", "status");

  function addFilter(key, label, column) {
    var wrap = document.createElement("label");
    var text = document.createElement("span");
    text.textContent = label;
    var select = document.createElement("select");
    select.name = key;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = labels.labelAll;
    select.appendChild(all);
    choices(key, column).forEach(function (c) {
      var option = document.createElement("option");
      option.value = c.value;
      option.textContent = c.label;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { filters[key] = select.value; apply(); });
    wrap.appendChild(text);
    wrap.appendChild(select);
    bar.appendChild(wrap);
  }
  addFilter("severity", labels.labelSeverity, 2);
  addFilter("year", labels.labelDate, 1);
  addFilter("status", labels.labelStatus, 3);
  bar.appendChild(count);
  section.insertBefore(bar, section.firstChild);

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!filters.severity || row.dataset.severity === filters.severity) &&
               (!filters.status || row.dataset.status === filters.status) &&
               (!filters.year || yearOf(row) === filters.year);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = (labels.labelShown || "{shown} / {total}").replace("{shown}", shown).replace("{total}", rows.length);
  }

  // Sorting: each column header becomes a button; aria-sort tells which column and direction.
  var statusOrder = { "draft": 0, "in-review": 1, "published": 2 };
  var keys = {
    title: function (r) { return (r.dataset.title || "").toLowerCase(); },
    date: function (r) { return r.dataset.date || "~"; },             // unknown dates last
    severity: function (r) { return r.dataset.severity || "~"; },     // sev1 first
    status: function (r) { return statusOrder[r.dataset.status] !== undefined ? statusOrder[r.dataset.status] : 9; },
    people: function (r) { return r.dataset.people === "" ? -1 : Number(r.dataset.people); }
  };
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th) {
    var key = th.dataset.sort;
    if (!keys[key]) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var get = keys[key];
      var sorted = rows.map(function (row, i) { return { row: row, key: get(row), i: i }; });
      sorted.sort(function (a, b) {
        if (a.key < b.key) return ascending ? -1 : 1;
        if (a.key > b.key) return ascending ? 1 : -1;
        return a.i - b.i;
      });
      sorted.forEach(function (s) { tbody.appendChild(s.row); });
    });
  });
  apply();
})();
