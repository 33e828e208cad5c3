/* Progress over time (/checklists/progress/): dated snapshots of the saved statuses, kept in this browser; two of
   them (or one and the current answers) compared item by item; progress per facet charted in SVG (every bar
   labelled with its figure, so it reads without colour) and given as a table. Nothing is sent anywhere. */
// Runs once every deferred script has run: it uses window.guidebookChecklists from checklist.js.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var api = window.guidebookChecklists;
  var el = api && api.el;
  var root = document.querySelector(".gb-progress-tool");
  if (!api || !root) return;
  var catalog = JSON.parse(root.querySelector(".gb-catalog").textContent);
  var message = root.querySelector(".gb-message");
  var KEY = api.PREFIX + "@snapshots";
  var NOW = "now";
  var RANK = { "not-started": 0, "in-progress": 1, done: 2 };

  function snapshots() {
    try {
      var list = JSON.parse(localStorage.getItem(KEY) || "[]");
      if (Array.isArray(list)) return list;
    } catch (e) { /* unreadable: none */ }
    return [];
  }
  function store(list) {
    try {
      localStorage.setItem(KEY, JSON.stringify(list));
      return true;
    } catch (e) {
      api.say(message, "The snapshot could not be saved in this browser (storage is off or full).");
      return false;
    }
  }
  /* The current answers as a snapshot: statuses per facet (notes stay with the answers). */
  function current() {
    var facets = {};
    catalog.forEach(function (f) {
      var items = api.load(f.id).items, statuses = {};
      Object.keys(items).forEach(function (id) { statuses[id] = items[id].status; });
      facets[f.id] = statuses;
    });
    return { taken: new Date().toISOString(), label: "", kb: api.KB.version, facets: facets };
  }
  function name(snapshot) {
    return snapshot.taken.slice(0, 10) + " " + snapshot.taken.slice(11, 16) + (snapshot.label ? " – " + snapshot.label : "");
  }
  function percentOf(snapshot, f) {
    var items = {};
    var statuses = snapshot.facets[f.id] || {};
    Object.keys(statuses).forEach(function (id) { items[id] = { status: statuses[id] }; });
    return api.counts(f.items, items);
  }
  function table(caption, head, rows) {
    var t = el("table");
    t.appendChild(el("caption", {}, caption));
    var tr = t.appendChild(el("thead")).appendChild(el("tr"));
    head.forEach(function (h) { tr.appendChild(el("th", { scope: "col" }, h)); });
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      var row = body.appendChild(el("tr"));
      r.forEach(function (cell, i) { row.appendChild(el(i ? "td" : "th", i ? {} : { scope: "row" }, String(cell))); });
    });
    return t;
  }

  function renderList() {
    var list = snapshots(), box = root.querySelector(".gb-snapshots");
    box.textContent = "";
    root.querySelector(".gb-snapshot-summary").textContent = list.length
      ? list.length + " snapshot" + (list.length === 1 ? " is" : "s are") + " saved in this browser."
      : "No snapshot is saved in this browser.";
    if (list.length) {
      var t = box.appendChild(table("Saved snapshots", ["Snapshot", "Items done", "Share done", "Remove"], []));
      list.forEach(function (snapshot, index) {
        var all = counts(snapshot);
        var row = t.tBodies[0].appendChild(el("tr", { "data-snapshot": String(index) }));
        row.appendChild(el("th", { scope: "row" }, name(snapshot)));
        row.appendChild(el("td", {}, all.done + " of " + all.applicable));
        row.appendChild(el("td", {}, all.percent + "%"));
        var cell = row.appendChild(el("td"));
        var remove = cell.appendChild(el("button", { type: "button", class: "md-button" }, "Remove the snapshot of " + name(snapshot)));
        remove.addEventListener("click", function () {
          if (!window.confirm("Remove the snapshot of " + name(snapshot) + "?")) return;
          var kept = snapshots();
          kept.splice(index, 1);
          if (store(kept)) {
            renderAll();
            api.say(message, "The snapshot of " + name(snapshot) + " was removed.");
          }
        });
      });
    }
    ["from", "to"].forEach(function (field, position) {
      var select = root.querySelector('[data-field="' + field + '"]');
      select.textContent = "";
      list.forEach(function (snapshot, index) { select.appendChild(el("option", { value: String(index) }, name(snapshot))); });
      select.appendChild(el("option", { value: NOW }, "Current answers"));
      select.value = position === 0 ? (list.length ? String(list.length - 1) : NOW) : NOW;
    });
  }
  function counts(snapshot) {
    var all = { done: 0, applicable: 0 };
    catalog.forEach(function (f) {
      var c = percentOf(snapshot, f);
      all.done += c.done;
      all.applicable += c.applicable;
    });
    all.percent = all.applicable ? Math.round((100 * all.done) / all.applicable) : 0;
    return all;
  }

  function pick(value) {
    return value === NOW ? current() : snapshots()[Number(value)];
  }
  function compare() {
    var fromValue = root.querySelector('[data-field="from"]').value, toValue = root.querySelector('[data-field="to"]').value;
    var earlier = pick(fromValue), later = pick(toValue), rows = [];
    var label = function (v, s) { return v === NOW ? "your current answers" : "the snapshot of " + name(s); };
    catalog.forEach(function (f) {
      f.rows.forEach(function (r) {
        var a = (earlier.facets[f.id] || {})[r[0]] || "not-started", b = (later.facets[f.id] || {})[r[0]] || "not-started";
        if (a === b) return;
        var way = a in RANK && b in RANK ? (RANK[b] > RANK[a] ? "Moved forward" : "Moved back") : "Changed";
        rows.push([r[0] + " " + r[2], f.title, api.LABELS[a], api.LABELS[b], way]);
      });
    });
    var box = root.querySelector(".gb-comparison");
    box.textContent = "";
    var forward = rows.filter(function (r) { return r[4] === "Moved forward"; }).length;
    box.appendChild(el("p", {}, rows.length + " items changed between " + label(fromValue, earlier) + " and " + label(toValue, later) + ": " + forward + " moved forward, " + rows.filter(function (r) { return r[4] === "Moved back"; }).length + " moved back."));
    if (rows.length) box.appendChild(table("Items whose status changed", ["Item", "Facet", "Earlier", "Later", "Change"], rows));
  }

  function renderTrend() {
    var series = snapshots().concat([current()]);
    var names = series.map(function (s, i) { return i === series.length - 1 ? "Now" : name(s); });
    var figure = root.querySelector(".gb-trend");
    var old = figure.querySelector("svg");
    if (old) old.remove();
    var barH = 14, gap = 4, labelW = 230, barW = 300, width = labelW + barW + 60, y = 10;
    var svg = api.svg("svg", { role: "img", "aria-labelledby": "gb-trend-title" });
    svg.appendChild(api.svg("title", { id: "gb-trend-title" }, "Share of applicable items done per facet, at each snapshot (oldest first) and now"));
    catalog.forEach(function (f) {
      svg.appendChild(api.svg("text", { x: 0, y: y + 12, "font-weight": "bold" }, f.title));
      y += 18;
      series.forEach(function (snapshot, i) {
        var c = percentOf(snapshot, f);
        svg.appendChild(api.svg("text", { x: 12, y: y + barH - 3 }, names[i]));
        svg.appendChild(api.svg("rect", { x: labelW, y: y, width: barW, height: barH, fill: "none", stroke: "#333" }));
        svg.appendChild(api.svg("rect", { x: labelW, y: y, width: (barW * c.percent) / 100, height: barH, fill: "#1f1f1f" }));
        svg.appendChild(api.svg("text", { x: labelW + barW + 6, y: y + barH - 3 }, c.percent + "%"));
        y += barH + gap;
      });
      y += 8;
    });
    svg.setAttribute("viewBox", "0 0 " + width + " " + y);
    figure.insertBefore(svg, figure.firstChild);
    figure.hidden = false;
    var box = root.querySelector(".gb-trend-table");
    box.textContent = "";
    box.appendChild(table("Share of applicable items done, per facet", ["Facet"].concat(names), catalog.map(function (f) {
      return [f.title].concat(series.map(function (s) { return percentOf(s, f).percent + "%"; }));
    })));
  }
  function renderAll() {
    renderList();
    renderTrend();
  }

  root.hidden = false;
  root.querySelectorAll(".gb-toolbar").forEach(function (bar) { bar.hidden = false; });
  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    if (button.dataset.action === "compare") return compare();
    var snapshot = current();
    snapshot.label = root.querySelector('[data-field="label"]').value.trim();
    var list = snapshots();
    list.push(snapshot);
    if (store(list)) {
      renderAll();
      api.say(message, "Saved the snapshot of " + name(snapshot) + ".");
    }
  });
  window.addEventListener("storage", function (event) { if (event.key && event.key.indexOf(api.PREFIX) === 0) renderAll(); });
  renderAll();
});
