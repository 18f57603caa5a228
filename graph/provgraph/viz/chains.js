// provgraph chains page: search, filter and focus over the table and the canvas.
// Reads only the page itself (table rows' data-* attributes, the vis DataSets); no network.
(function () {
  "use strict";
  var table = document.getElementById("chain-table");
  var input = document.getElementById("pg-search");
  var field = document.getElementById("pg-field");
  var status = document.getElementById("pg-status");
  var reset = document.getElementById("pg-reset");
  var rows = Array.prototype.map.call(table.tBodies[0].rows, function (tr) {
    var d = tr.dataset;
    return {
      tr: tr,
      path: JSON.parse(d.path || "[]"),
      fields: {
        speaker: (d.speaker || "").toLowerCase(),
        outlet: (d.outlets || "").toLowerCase(),
        article: (d.article || "").toLowerCase(),
        claim: (d.claim || "").toLowerCase(),
        text: (d.text || "").toLowerCase()
      }
    };
  });
  var allIds = nodes.getIds();
  var shown = null; // null = everything visible

  function matches(row, query, where) {
    if (where !== "any") return row.fields[where].indexOf(query) !== -1;
    for (var key in row.fields) {
      if (row.fields[key].indexOf(query) !== -1) return true;
    }
    return false;
  }

  function show(selected, message) {
    var keep = {};
    selected.forEach(function (row) {
      row.path.forEach(function (id) { keep[id] = true; });
    });
    var chosen = new Set(selected);
    rows.forEach(function (row) {
      var hide = !chosen.has(row);
      if (row.tr.hidden !== hide) row.tr.hidden = hide;  // untouched rows cost no restyle
    });
    var all = selected.length === rows.length;
    var updates = [];
    allIds.forEach(function (id) {
      var hide = !all && !keep[id];
      if (hide !== (shown !== null && !shown[id])) updates.push({id: id, hidden: hide});
    });
    if (updates.length) nodes.update(updates);
    shown = all ? null : keep;
    status.textContent = message || (selected.length + " of " + rows.length + " chains");
    return Object.keys(keep).length;
  }

  function filter(query, where) {
    query = (query || "").trim().toLowerCase();
    where = where || "any";
    if (!query) return show(rows);
    return show(rows.filter(function (row) { return matches(row, query, where); }));
  }

  function focus(id) {
    var selected = rows.filter(function (row) { return row.path.indexOf(id) !== -1; });
    if (!selected.length) return 0;
    var node = nodes.get(id);
    var count = show(selected, "focused on " + node.label.split("\n")[0] + ": " +
                     selected.length + " of " + rows.length + " chains");
    network.selectNodes([id]);
    network.fit({nodes: Object.keys(shown || {}), animation: false});
    return count;
  }

  function clear() {
    input.value = "";
    field.value = "any";
    show(rows);
    network.unselectAll();
    network.fit({animation: false});
  }

  var timer = null;
  function onSearch() {
    clearTimeout(timer);
    timer = setTimeout(function () { filter(input.value, field.value); }, 120);
  }
  input.addEventListener("input", onSearch);
  field.addEventListener("change", onSearch);
  reset.addEventListener("click", clear);
  network.on("click", function (params) {
    if (params.nodes.length) focus(params.nodes[0]);
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) clear();
  });
  window.pg = {
    filter: filter,
    focus: focus,
    reset: clear,
    visibleNodes: function () {
      return allIds.filter(function (id) { return !nodes.get(id).hidden; });
    },
    visibleRows: function () {
      return rows.filter(function (row) { return !row.tr.hidden; }).length;
    }
  };
  status.textContent = rows.length + " chains";
})();
