/* The action plan (/checklists/action-plan/): owner, target date, next step and priority for each item the saved
   answers leave open; sorted, filtered, overdue items flagged; exported as CSV or Markdown (both import back) and
   printed. The plan is kept in this browser beside the answers (one localStorage key); nothing is sent anywhere. */
// Runs once every deferred script has run: it uses window.guidebookChecklists from checklist.js.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var api = window.guidebookChecklists;
  var root = document.querySelector(".gb-plan");
  if (!api || !root) return;
  var catalog = JSON.parse(root.querySelector(".gb-catalog").textContent);
  var message = root.querySelector(".gb-message");
  var body = root.querySelector(".gb-plan-table tbody");
  var KEY = api.PREFIX + "@plan";
  var PRIORITIES = { high: "High", medium: "Medium", low: "Low" };
  var RANK = { high: 0, medium: 1, low: 2 };
  var FIELDS = ["owner", "due", "next", "priority"];
  var COLUMNS = ["facet", "item", "text", "status", "owner", "target date", "next step", "priority", "overdue"];

  function loadPlan() {
    try {
      var data = JSON.parse(localStorage.getItem(KEY) || "null");
      if (data && typeof data.items === "object" && data.items) return data;
    } catch (e) { /* unreadable: start empty */ }
    return { version: 1, items: {} };
  }
  var plan = loadPlan();
  function store() {
    try {
      localStorage.setItem(KEY, JSON.stringify(plan));
    } catch (e) {
      api.say(message, "The plan could not be saved in this browser (storage is off or full). Export it to keep it.");
    }
  }

  /* Every item not done, in checklist order, with its answer and its plan entry. */
  function openItems() {
    var rows = [];
    catalog.forEach(function (f, facetIndex) {
      var answers = api.load(f.id).items;
      f.rows.forEach(function (r, index) {
        var status = (answers[r[0]] || {}).status || "not-started";
        if (status === "done" || status === "not-applicable") return;
        var entry = plan.items[r[0]] || {};
        rows.push({ facet: f, id: r[0], text: r[2], status: status, order: facetIndex * 10000 + index, owner: entry.owner || "", due: entry.due || "", next: entry.next || "", priority: entry.priority || "" });
      });
    });
    return rows;
  }
  function overdue(row) {
    return !!row.due && row.due < api.today();
  }

  function control(row, field) {
    var key = "plan-" + field + "-" + row.id.toLowerCase().replace(/\./g, "-");
    var names = { owner: "Owner", due: "Target date", next: "Next step", priority: "Priority" };
    var td = document.createElement("td");
    var label = td.appendChild(document.createElement("label"));
    label.className = "gb-sr";
    label.htmlFor = key;
    label.textContent = names[field] + " of " + row.id;
    var input;
    if (field === "priority") {
      input = document.createElement("select");
      [["", "Not set"], ["high", "High"], ["medium", "Medium"], ["low", "Low"]].forEach(function (o) {
        var option = input.appendChild(document.createElement("option"));
        option.value = o[0];
        option.textContent = o[1];
      });
    } else {
      input = document.createElement("input");
      input.type = field === "due" ? "date" : "text";
    }
    input.id = key;
    input.value = row[field];
    input.addEventListener("change", function () {
      var entry = plan.items[row.id] || (plan.items[row.id] = {});
      entry[field] = input.value;
      if (!FIELDS.some(function (k) { return entry[k]; })) delete plan.items[row.id];
      row[field] = input.value;
      store();
      if (field === "due") flag(td.parentNode, row);
    });
    td.appendChild(input);
    return td;
  }

  function filters() {
    var get = function (name) { return root.querySelector('[data-filter="' + name + '"]'); };
    return { facet: get("facet").value, priority: get("priority").value, owner: get("owner").value.trim().toLowerCase(), overdue: get("overdue").checked, sort: get("sort").value };
  }
  function selected() {
    var f = filters();
    var rows = openItems().filter(function (row) {
      if (f.facet && row.facet.id !== f.facet) return false;
      if (f.priority && (row.priority || "none") !== f.priority) return false;
      if (f.owner && row.owner.toLowerCase().indexOf(f.owner) < 0) return false;
      return !f.overdue || overdue(row);
    });
    var keys = {
      due: function (r) { return [r.due ? 0 : 1, r.due, r.order]; },
      priority: function (r) { return [r.priority ? RANK[r.priority] : 3, r.due || "9999", r.order]; },
      facet: function (r) { return [r.order]; },
      owner: function (r) { return [r.owner ? 0 : 1, r.owner.toLowerCase(), r.order]; },
    }[f.sort];
    return rows.sort(function (a, b) {
      var x = keys(a), y = keys(b);
      for (var i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return 0;
    });
  }

  /* Mark a row overdue (in words, not only by style), or unmark it. The table is not redrawn while someone
     edits it, so the keyboard focus stays where it is; sorting and filtering apply on the next change of view. */
  function flag(tr, row) {
    var old = tr.querySelector(".gb-flag");
    if (old) old.remove();
    tr.classList.toggle("gb-overdue", overdue(row));
    if (!overdue(row)) return;
    var mark = tr.querySelector("th").appendChild(document.createElement("strong"));
    mark.className = "gb-flag";
    mark.textContent = "Overdue";
  }

  function render() {
    var rows = selected(), late = 0;
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = body.appendChild(document.createElement("tr"));
      tr.dataset.item = row.id;
      var th = tr.appendChild(document.createElement("th"));
      th.scope = "row";
      th.innerHTML = '<span class="gb-id"></span> <span class="gb-plan-text"></span> <span class="gb-plan-facet"></span>';
      th.querySelector(".gb-id").textContent = row.id;
      th.querySelector(".gb-plan-text").textContent = row.text;
      th.querySelector(".gb-plan-facet").textContent = "(" + row.facet.title + ")";
      if (overdue(row)) late += 1;
      flag(tr, row);
      var status = tr.appendChild(document.createElement("td"));
      status.textContent = api.LABELS[row.status];
      FIELDS.forEach(function (field) { tr.appendChild(control(row, field)); });
    });
    var all = openItems();
    root.querySelector(".gb-plan-summary").textContent = all.length + " items are not done; " + rows.length + " shown" + (late ? ", " + late + " of them overdue" : "") + ". " + all.filter(overdue).length + " overdue in all.";
  }

  function values(row) {
    return [row.facet.id, row.id, row.text, api.LABELS[row.status], row.owner, row.due, row.next, PRIORITIES[row.priority] || "", overdue(row) ? "yes" : "no"];
  }
  function toCsv(rows) {
    return "\ufeff" + [COLUMNS].concat(rows.map(values)).map(function (r) { return r.map(api.csvCell).join(","); }).join("\r\n") + "\r\n";
  }
  function mdCell(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
  }
  function toMarkdown(rows) {
    var lines = ["# Action plan", "", "Exported on " + api.today() + " from " + location.href.split("#")[0] + " (checklists version " + api.KB.version + ").", ""];
    lines.push("| " + COLUMNS.join(" | ") + " |", "|" + COLUMNS.map(function () { return "---"; }).join("|") + "|");
    rows.forEach(function (row) { lines.push("| " + values(row).map(mdCell).join(" | ") + " |"); });
    return lines.join("\n") + "\n";
  }
  function fromMarkdown(text) {
    return text.split(/\r?\n/).filter(function (line) { return /^\|.*\|\s*$/.test(line) && !/^\|\s*-/.test(line); }).map(function (line) {
      var cells = [], cell = "";
      var inner = line.trim().slice(1, -1);
      for (var i = 0; i < inner.length; i += 1) {
        if (inner[i] === "\\" && i + 1 < inner.length) { cell += inner[i + 1]; i += 1; }
        else if (inner[i] === "|") { cells.push(cell.trim()); cell = ""; }
        else cell += inner[i];
      }
      cells.push(cell.trim());
      return cells;
    });
  }

  /* A plan file (CSV or Markdown, as exported here) read back into plan entries. */
  function importPlan(text, name) {
    var rows = /^\ufeff?"facet"/.test(text) ? api.csvRows(text) : fromMarkdown(text);
    var header = rows.shift() || [];
    var col = function (n) { return header.indexOf(n); };
    if (col("item") < 0 || col("owner") < 0) return api.say(message, name + " is not an action plan exported here (it has no item and owner columns), so nothing was imported.");
    var known = {}, used = 0, problems = [];
    catalog.forEach(function (f) { f.items.forEach(function (id) { known[id] = true; }); });
    var priority = {};
    Object.keys(PRIORITIES).forEach(function (k) { priority[PRIORITIES[k]] = k; });
    rows.forEach(function (r) {
      var id = r[col("item")];
      if (!known[id]) return problems.push((id || "A row") + ": not an item of these checklists; skipped.");
      var due = api.uncell(r[col("target date")]);
      if (due && !/^\d{4}-\d{2}-\d{2}$/.test(due)) return problems.push(id + ": the target date “" + due + "” is not written YYYY-MM-DD; skipped.");
      var entry = { owner: api.uncell(r[col("owner")]), due: due, next: api.uncell(r[col("next step")]), priority: priority[r[col("priority")]] || "" };
      if (FIELDS.some(function (k) { return entry[k]; })) { plan.items[id] = entry; used += 1; }
    });
    store();
    render();
    api.say(message, "Imported the plan for " + used + " items from " + name + "." + (problems.length ? " Could not use:" : ""), problems);
  }

  var actions = {
    "export-csv": function () { api.download("action-plan-" + api.today() + ".csv", "text/csv", toCsv(selected())); },
    "export-md": function () { api.download("action-plan-" + api.today() + ".md", "text/markdown", toMarkdown(selected())); },
    print: function () { window.print(); },
  };
  root.querySelectorAll(".gb-toolbar").forEach(function (bar) { bar.hidden = false; });
  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (button) actions[button.dataset.action]();
  });
  root.querySelector("input[data-action=import]").addEventListener("change", function (event) {
    var input = event.target, file = input.files && input.files[0];
    if (file) file.text().then(function (text) { input.value = ""; importPlan(text, file.name); });
  });
  root.querySelectorAll("[data-filter]").forEach(function (control) {
    control.addEventListener(control.type === "search" ? "input" : "change", render);
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) plan = loadPlan();
    if (event.key && event.key.indexOf(api.PREFIX) === 0) render();
  });
  api.stampPrint();
  render();
});
