/* Team merge on /checklists/: several members' exports side by side, disagreements shown, the team settles
   each item, and the settled assessment exports in the same formats as any export (so it imports back).
   Everything happens in this page: the files are read by the browser and nothing is sent anywhere. */
// Runs once every deferred script has run: it uses window.guidebookChecklists from checklist.js.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var api = window.guidebookChecklists;
  var el = api && api.el;
  var root = document.querySelector(".gb-team");
  if (!api || !root) return;
  var catalog = JSON.parse(document.querySelector(".gb-catalog").textContent);
  var message = root.querySelector(".gb-message");
  var result = root.querySelector(".gb-team-result");
  var members = [];
  var settled = {};
  /* settled[facet][item] = {status, note}; status "" while the team has not settled a disagreement. */

  function statusOf(member, facet, id) {
    var entry = (member.facets[facet] || {})[id];
    return { status: (entry && entry.status) || "not-started", note: (entry && entry.note) || "" };
  }
  function agreed(facet, id) {
    var first = statusOf(members[0], facet, id).status;
    return members.every(function (m) { return statusOf(m, facet, id).status === first; });
  }
  function proposal(facet, id) {
    var notes = members.map(function (m) {
      var note = statusOf(m, facet, id).note.trim();
      return note ? m.name + ": " + note : "";
    }).filter(Boolean);
    return { status: agreed(facet, id) ? statusOf(members[0], facet, id).status : "", note: notes.join("\n") };
  }

  function readAll(files) {
    return Promise.all(Array.prototype.map.call(files, function (file) {
      return file.text().then(function (text) { return { name: file.name, parsed: api.parseExport(text) }; });
    }));
  }

  function load(files) {
    readAll(files).then(function (read) {
      var problems = [], names = {};
      members = [];
      read.forEach(function (file) {
        if (file.parsed.fatal) return problems.push(file.name + ": " + file.parsed.fatal);
        file.parsed.problems.forEach(function (p) { problems.push(file.name + ": " + p); });
        var name = file.name.replace(/\.(json|csv)$/i, "");
        names[name] = (names[name] || 0) + 1;
        if (names[name] > 1) name += " (" + names[name] + ")";
        var facets = {};
        catalog.forEach(function (f) {
          var state = { kb: file.parsed.kb, items: file.parsed.facets[f.id] || {} };
          api.migrate(state, f.items);
          facets[f.id] = state.items;
        });
        members.push({ name: name, facets: facets });
      });
      if (members.length < 2) {
        result.textContent = "";
        return api.say(message, "Choose the exports of at least two members (you chose " + members.length + " usable file" + (members.length === 1 ? "" : "s") + ")." + (problems.length ? " Could not use:" : ""), problems);
      }
      settled = {};
      catalog.forEach(function (f) {
        settled[f.id] = {};
        f.items.forEach(function (id) { settled[f.id][id] = proposal(f.id, id); });
      });
      render();
      var open = unsettled();
      api.say(message, "Merged the answers of " + members.length + " members: " + members.map(function (m) { return m.name; }).join(", ") + ". " +
        (open ? open + " items need the team to settle them." : "Everyone agrees on every item.") + (problems.length ? " Could not use:" : ""), problems);
    });
  }

  function unsettled() {
    var n = 0;
    catalog.forEach(function (f) { f.items.forEach(function (id) { if (!settled[f.id][id].status) n += 1; }); });
    return n;
  }

  function summaryTable() {
    var table = el("table", { class: "gb-team-summary" });
    table.appendChild(el("caption", {}, "Agreement per facet"));
    var head = el("tr");
    ["Facet", "Items", "Members agree", "Members disagree", "Still to settle"].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    catalog.forEach(function (f) {
      var agree = f.items.filter(function (id) { return agreed(f.id, id); }).length;
      var open = f.items.filter(function (id) { return !settled[f.id][id].status; }).length;
      var row = el("tr", { "data-facet": f.id });
      row.appendChild(el("th", { scope: "row" }, f.title));
      [f.items.length, agree + " (" + Math.round((100 * agree) / (f.items.length || 1)) + "%)", f.items.length - agree, open].forEach(function (v) { row.appendChild(el("td", {}, String(v))); });
      body.appendChild(row);
    });
    return table;
  }

  function facetTable(f) {
    var section = el("section", { class: "gb-team-facet", "data-facet": f.id });
    section.appendChild(el("h3", { id: "team-" + f.id }, f.title));
    var table = section.appendChild(el("table", { class: "gb-team-items" }));
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, "Item"));
    members.forEach(function (m) { head.appendChild(el("th", { scope: "col" }, m.name)); });
    head.appendChild(el("th", { scope: "col" }, "Settled by the team"));
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    f.rows.forEach(function (r) {
      var id = r[0], agree = agreed(f.id, id);
      var row = el("tr", { "data-item": id, class: agree ? "gb-agree" : "gb-disagree" });
      var cell = el("th", { scope: "row" });
      cell.appendChild(el("span", { class: "gb-id" }, id));
      cell.appendChild(document.createTextNode(" " + r[2]));
      if (!agree) cell.appendChild(el("strong", { class: "gb-flag" }, " Members disagree"));
      row.appendChild(cell);
      members.forEach(function (m) {
        var answer = statusOf(m, f.id, id);
        var td = el("td", { "data-member": m.name });
        td.appendChild(el("span", { class: "gb-member-status" }, api.LABELS[answer.status]));
        if (answer.note) td.appendChild(el("span", { class: "gb-member-note" }, answer.note));
        row.appendChild(td);
      });
      row.appendChild(settleCell(f, id));
      body.appendChild(row);
    });
    return section;
  }

  function settleCell(f, id) {
    var td = el("td", { class: "gb-settle" });
    var key = "settle-" + id.toLowerCase().replace(/\./g, "-");
    td.appendChild(el("label", { for: key, class: "gb-sr" }, "Settled status of " + id));
    var select = td.appendChild(el("select", { id: key }));
    select.appendChild(el("option", { value: "" }, "To settle"));
    api.STATUSES.forEach(function (s) { select.appendChild(el("option", { value: s }, api.LABELS[s])); });
    select.value = settled[f.id][id].status;
    td.appendChild(el("label", { for: key + "-note", class: "gb-sr" }, "Settled note on " + id));
    var note = td.appendChild(el("textarea", { id: key + "-note", rows: 2 }));
    note.value = settled[f.id][id].note;
    select.addEventListener("change", function () {
      settled[f.id][id].status = select.value;
      refreshSummary();
    });
    note.addEventListener("input", function () { settled[f.id][id].note = note.value; });
    return td;
  }

  function refreshSummary() {
    var old = result.querySelector(".gb-team-summary");
    old.replaceWith(summaryTable());
    result.querySelector(".gb-team-open").textContent = unsettled() + " items still to settle.";
  }

  function render() {
    result.textContent = "";
    result.appendChild(el("p", { class: "gb-team-open", role: "status" }, unsettled() + " items still to settle."));
    result.appendChild(summaryTable());
    var filter = el("label", { class: "gb-team-filter" });
    var box = filter.appendChild(el("input", { type: "checkbox" }));
    filter.appendChild(document.createTextNode(" Show only the items where members disagree"));
    box.addEventListener("change", function () {
      result.querySelectorAll("tr.gb-agree").forEach(function (row) { row.hidden = box.checked; });
    });
    result.appendChild(filter);
    catalog.forEach(function (f) { result.appendChild(facetTable(f)); });
    var bar = result.appendChild(el("div", { class: "gb-toolbar" }));
    [["export-json", "Export the settled assessment (JSON)"], ["export-csv", "Export the settled assessment (CSV)"], ["adopt", "Use the settled assessment as my answers"]].forEach(function (b) {
      bar.appendChild(el("button", { type: "button", class: "md-button", "data-team": b[0] }, b[1]));
    });
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-team]");
      if (button) actions[button.dataset.team]();
    });
  }

  /* The settled answers in the export's shape: {facet: {title, items}}; items still to settle are left out. */
  function settledFacets() {
    var out = {};
    catalog.forEach(function (f) {
      var items = {};
      f.items.forEach(function (id) {
        var entry = settled[f.id][id];
        if (entry.status && !api.isEmpty(entry)) items[id] = { status: entry.status, note: entry.note, updated: new Date().toISOString() };
      });
      if (Object.keys(items).length) out[f.id] = { title: f.title, items: items };
    });
    return out;
  }
  function leftOut() {
    var open = unsettled();
    return open ? " " + open + " items still to settle were left out." : "";
  }
  var actions = {
    "export-json": function () {
      api.download("team-assessment-" + api.today() + ".json", "application/json", api.exportJson(settledFacets()));
      api.say(message, "Exported the settled assessment (JSON)." + leftOut());
    },
    "export-csv": function () {
      var rows = [];
      catalog.forEach(function (f) {
        f.rows.forEach(function (r) {
          var entry = settled[f.id][r[0]];
          if (entry.status) rows.push([f.id, r[1], r[0], api.LABELS[entry.status], entry.note, r[2], "yes"]);
        });
      });
      api.download("team-assessment-" + api.today() + ".csv", "text/csv", api.csv(rows));
      api.say(message, "Exported the settled assessment (CSV)." + leftOut());
    },
    adopt: function () {
      if (!window.confirm("Replace the answers saved in this browser with the settled assessment, for every item it settles?")) return;
      var facets = settledFacets(), used = 0;
      Object.keys(facets).forEach(function (id) {
        var state = api.load(id);
        used += api.adopt(state, facets[id].items, api.KB.version, catalog.filter(function (f) { return f.id === id; })[0].items);
        api.save(id, state, message);
      });
      window.dispatchEvent(new StorageEvent("storage", { key: api.PREFIX })); // the overview above redraws
      api.say(message, "Your answers in this browser now hold the " + used + " settled answers." + leftOut());
    },
  };

  root.hidden = false;
  root.querySelector("input[type=file]").addEventListener("change", function (event) {
    if (event.target.files && event.target.files.length) load(event.target.files);
  });
});
