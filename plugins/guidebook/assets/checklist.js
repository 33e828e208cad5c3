/* Checklists: save answers in this browser, show progress, export/import, and the /checklists/ overview.
   Runs only on pages that contain guidebook's checklist markup (.gb-checklist or .gb-overview); the
   pages are complete without it. State: one localStorage key per facet, items keyed by their stable ID,
   so answers for removed items are kept and shown as "no longer in this checklist".
   Versions: a state and an export carry the checklists' version (`kb`; none means 1). Answers saved against an
   older version migrate through the published history (the page's .gb-kb data): reworded and new items are
   marked in `state.changes` until answered, removed and replaced ones stay listed with their answers.
   Other scripts of the site (the team tools) use the same functions through window.guidebookChecklists. */
(function () {
  "use strict";

  var STATUSES = ["not-started", "in-progress", "done", "not-applicable"];
  var LABELS = { "not-started": "Not started", "in-progress": "In progress", done: "Done", "not-applicable": "Not applicable" };
  var FORMAT = "guidebook-checklist";
  var ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
  var MAX_NOTE = 20000;

  /* The checklists' version and the changes of each later release (from the page; absent: version 1). */
  function versions() {
    var data = document.querySelector("script.gb-kb");
    try {
      if (data) return JSON.parse(data.textContent);
    } catch (e) { /* a page without the history cannot migrate; answers are kept as they are */ }
    return { version: 1, releases: [] };
  }
  var KB = versions();

  function scope() {
    var base = ".";
    var config = document.getElementById("__config");
    try {
      if (config) base = JSON.parse(config.textContent).base || ".";
    } catch (e) { /* no theme config: the whole origin is the site */ }
    return new URL(base.replace(/\/?$/, "/"), location.href).pathname;
  }
  var PREFIX = "guidebook-checklist:" + scope() + ":";

  function load(facet) {
    try {
      var data = JSON.parse(localStorage.getItem(PREFIX + facet) || "null");
      if (data && typeof data.items === "object" && data.items) return data;
    } catch (e) { /* unreadable state is treated as empty, never overwritten silently (see save) */ }
    return { version: 1, kb: KB.version, items: {} };
  }

  /* Carry `state` (saved or imported against an older version) over to this version; `ids` are the facet's
     items now. Returns the number of items newly marked as changed. */
  function migrate(state, ids) {
    var from = state.kb || 1, marked = 0;
    state.changes = state.changes || {};
    KB.releases.forEach(function (release) {
      if (release.version <= from) return;
      release.changes.forEach(function (c) {
        var mark = { change: c.change, version: release.version };
        ["by", "see", "text"].forEach(function (k) { if (c[k]) mark[k] = c[k]; });
        if (c.change === "added" ? ids.indexOf(c.id) >= 0 : !!state.items[c.id]) {
          if (!state.changes[c.id]) marked += 1;
          state.changes[c.id] = mark;
        }
      });
    });
    Object.keys(state.changes).forEach(function (id) {
      var c = state.changes[id].change;
      if ((c === "added" || c === "reworded") && ids.indexOf(id) < 0) delete state.changes[id];
    });
    if (!Object.keys(state.changes).length) delete state.changes;
    state.kb = Math.max(from, KB.version);
    return marked;
  }
  function changeCounts(changes) {
    var c = { added: 0, reworded: 0, gone: 0, total: 0 };
    Object.keys(changes || {}).forEach(function (id) {
      var kind = changes[id].change;
      c[kind === "added" || kind === "reworded" ? kind : "gone"] += 1;
      c.total += 1;
    });
    return c;
  }
  function describeChanges(changes) {
    var c = changeCounts(changes);
    if (!c.total) return "";
    var parts = [];
    if (c.reworded) parts.push(c.reworded + " reworded since you answered");
    if (c.added) parts.push(c.added + " new");
    if (c.gone) parts.push(c.gone + " removed or replaced (their answers are listed at the end)");
    return c.total + (c.total === 1 ? " item" : " items") + " changed since you last saved (now version " + KB.version + "): " + parts.join(", ") + ".";
  }
  function goneText(mark) {
    if (mark.change === "replaced") return "replaced in version " + mark.version + " by " + mark.by + ": answer " + mark.by + " instead";
    if (mark.change === "removed") return "removed in version " + mark.version + (mark.see ? "; the action now belongs to " + mark.see : "");
    return "no longer in this checklist";
  }
  function save(facet, state, message) {
    try {
      localStorage.setItem(PREFIX + facet, JSON.stringify(state));
    } catch (e) {
      if (message) say(message, "Your answers could not be saved in this browser (storage is off or full). Export them to keep them.");
    }
  }

  function counts(ids, items) {
    var c = { total: ids.length, done: 0, "in-progress": 0, "not-applicable": 0 };
    ids.forEach(function (id) {
      var s = (items[id] || {}).status;
      if (s in c) c[s] += 1;
    });
    c.applicable = c.total - c["not-applicable"];
    c.percent = c.applicable ? Math.round((100 * c.done) / c.applicable) : c.total ? 100 : 0;
    return c;
  }
  function describe(c) {
    var text = c.done + " of " + c.applicable + " applicable items done (" + c.percent + "%)";
    if (c["in-progress"]) text += ", " + c["in-progress"] + " in progress";
    if (c["not-applicable"]) text += ", " + c["not-applicable"] + " not applicable";
    return text + ".";
  }

  function say(box, text, problems) {
    box.textContent = text;
    if (problems && problems.length) {
      var list = document.createElement("ul");
      problems.forEach(function (p) {
        var li = document.createElement("li");
        li.textContent = p;
        list.appendChild(li);
      });
      box.appendChild(list);
    }
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }
  function download(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 0);
  }
  function exportJson(facets) {
    return JSON.stringify({ format: FORMAT, version: 1, kb_version: KB.version, exported: new Date().toISOString(), site: location.origin + scope(), facets: facets }, null, 2);
  }
  function csvCell(value) {
    var text = String(value == null ? "" : value);
    if (/^[=+\-@]/.test(text)) text = "'" + text; // a spreadsheet must not run a note as a formula
    return '"' + text.replace(/"/g, '""') + '"';
  }
  function csv(rows) {
    var header = ["facet", "principle", "item", "status", "note", "text", "in checklist", "checklist version"];
    var lines = [header].concat(rows.map(function (r) { return r.concat([KB.version]); }));
    return "\ufeff" + lines.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* Import: everything usable is kept; everything else is named in `problems`. */
  /* The rows of a CSV file as written by csv() (quoted cells, CRLF), for reading exports back. */
  function csvRows(text) {
    var rows = [], row = [], cell = "", quoted = false;
    text = text.replace(/^\ufeff/, "");
    for (var i = 0; i < text.length; i += 1) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
        else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ",") { row.push(cell); cell = ""; }
      else if (ch === "\n" || ch === "\r") {
        if (ch === "\r" && text[i + 1] === "\n") i += 1;
        row.push(cell); rows.push(row); row = []; cell = "";
      } else cell += ch;
    }
    if (cell || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }
  /* A cell as typed, without the quote csvCell() puts before a formula-like start. */
  function uncell(text) {
    return String(text || "").replace(/^'(?=[=+\-@])/, "");
  }
  /* A CSV export read back: rows of the header written by csv(), turned into the JSON export's shape. */
  function fromCsv(text) {
    var rows = csvRows(text);
    var header = rows.shift() || [];
    var col = function (name) { return header.indexOf(name); };
    var status = {};
    STATUSES.forEach(function (s) { status[LABELS[s]] = s; });
    var data = { format: FORMAT, version: 1, facets: {} };
    rows.forEach(function (r) {
      if (r.length < header.length) return;
      var facet = r[col("facet")], note = uncell(r[col("note")]);
      if (col("checklist version") >= 0) data.kb_version = Number(r[col("checklist version")]);
      var entry = { status: status[r[col("status")]] || r[col("status")], note: note };
      if (isEmpty(entry)) return;
      (data.facets[facet] = data.facets[facet] || { items: {} }).items[r[col("item")]] = entry;
    });
    return data;
  }

  function parseExport(text) {
    var data;
    try {
      data = /^\ufeff?"facet","principle","item"/.test(text) ? fromCsv(text) : JSON.parse(text);
    } catch (e) {
      return { fatal: "This file is not valid JSON, so nothing was imported. Use a file made with “Export answers (JSON)”." };
    }
    if (!data || data.format !== FORMAT || typeof data.facets !== "object" || !data.facets) {
      return { fatal: "This file is not a checklist export of this site (it lacks \"format\": \"" + FORMAT + "\"), so nothing was imported." };
    }
    if (data.version !== 1) return { fatal: "This export has version " + data.version + "; only version 1 can be read, so nothing was imported." };
    var facets = {}, problems = [];
    var kb = data.kb_version == null ? 1 : data.kb_version;
    if (typeof kb !== "number" || kb < 1 || kb % 1) return { fatal: "This export names checklist version “" + String(kb) + "”, which is not a version number, so nothing was imported." };
    if (kb > KB.version) problems.push("The file was made with version " + kb + " of the checklists; this site has version " + KB.version + ". Answers to items this site does not have are listed apart.");
    Object.keys(data.facets).forEach(function (facet) {
      var entry = data.facets[facet];
      if (!/^[a-z0-9-]+$/.test(facet) || !entry || typeof entry.items !== "object" || !entry.items) {
        problems.push("“" + facet + "”: not a facet entry with items; skipped.");
        return;
      }
      facets[facet] = {};
      Object.keys(entry.items).forEach(function (id) {
        var value = entry.items[id];
        if (!ID_PATTERN.test(id)) return problems.push("“" + id + "” (" + facet + "): not an item ID; skipped.");
        if (!value || typeof value !== "object") return problems.push(id + ": no status or note; skipped.");
        var status = value.status == null ? "not-started" : value.status;
        if (STATUSES.indexOf(status) < 0) return problems.push(id + ": unknown status “" + String(status) + "” (expected one of " + STATUSES.join(", ") + "); skipped.");
        var note = value.note == null ? "" : value.note;
        if (typeof note !== "string" || note.length > MAX_NOTE) return problems.push(id + ": the note is not text of at most " + MAX_NOTE + " characters; skipped.");
        facets[facet][id] = { status: status, note: note, updated: typeof value.updated === "string" ? value.updated : new Date().toISOString() };
      });
    });
    return { kb: kb, facets: facets, problems: problems };
  }
  function isEmpty(entry) {
    return !entry || ((entry.status || "not-started") === "not-started" && !(entry.note || "").trim());
  }
  function conflicts(current, incoming) {
    return Object.keys(incoming).filter(function (id) {
      var old = current[id];
      return !isEmpty(old) && (old.status !== incoming[id].status || (old.note || "") !== incoming[id].note);
    }).length;
  }
  /* Put imported answers (made against version `kb`) into `state`, migrated; returns how many were taken. */
  function adopt(state, incoming, kb, ids) {
    var made = { kb: kb, items: incoming };
    migrate(made, ids);
    Object.keys(incoming).forEach(function (id) {
      state.items[id] = incoming[id];
      if (state.changes) delete state.changes[id];
    });
    if (made.changes) state.changes = Object.assign(state.changes || {}, made.changes);
    state.kb = KB.version;
    return Object.keys(incoming).length;
  }
  function readFile(input, handle) {
    var file = input.files && input.files[0];
    if (!file) return;
    file.text().then(function (text) {
      input.value = "";
      handle(parseExport(text), file.name);
    });
  }

  function toolbar(root, actions) {
    var bar = root.querySelector(".gb-toolbar");
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (button) actions[button.dataset.action]();
    });
    bar.querySelector("input[data-action=import]").addEventListener("change", function (event) {
      readFile(event.target, actions.import);
    });
  }

  function stampPrint() {
    var stamp = document.querySelector(".gb-printed");
    if (!stamp) return;
    stamp.textContent = "Printed on " + today() + " from " + location.href.split("#")[0];
  }

  /* ---------- a facet's checklist ---------- */
  function checklist(root) {
    var facet = root.dataset.facet;
    var message = root.querySelector(".gb-message");
    var elements = Array.prototype.slice.call(document.querySelectorAll(".gb-item[data-item]"));
    var known = {};
    elements.forEach(function (el) { known[el.dataset.item] = el; });
    var notice = root.querySelector(".gb-changes");
    var state = current();

    /* The saved state, carried over to this version (and saved so, with its marks) when it is older. */
    function current() {
      var loaded = load(facet);
      if ((loaded.kb || 1) < KB.version && Object.keys(loaded.items).length) {
        migrate(loaded, Object.keys(known));
        save(facet, loaded, message);
      }
      return loaded;
    }
    function show(el, entry) {
      var status = (entry && entry.status) || "not-started";
      var note = (entry && entry.note) || "";
      el.querySelector('input[value="' + status + '"]').checked = true;
      el.querySelector("textarea").value = note;
      reflect(el, status, note);
      markChange(el, (state.changes || {})[el.dataset.item]);
    }
    function markChange(el, mark) {
      var badge = el.querySelector(".gb-change");
      if (!mark) {
        if (badge) badge.remove();
        return;
      }
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "gb-change";
        el.querySelector("legend").appendChild(badge);
      }
      badge.dataset.change = mark.change;
      badge.textContent = mark.change === "added" ? "New in version " + mark.version : "Reworded since you answered (version " + mark.version + ")";
    }
    function announceChanges() {
      var text = describeChanges(state.changes);
      notice.hidden = !text;
      notice.querySelector(".gb-changes-text").textContent = text;
    }
    function reflect(el, status, note) {
      el.dataset.status = status;
      el.querySelector(".gb-note-print").textContent = note ? "Note: " + note : "";
      el.classList.toggle("gb-has-note", !!note.trim());
    }
    function progress() {
      document.querySelectorAll(".gb-progress[data-principle]").forEach(function (p) {
        var ids = elements.filter(function (el) { return el.dataset.principle === p.dataset.principle; }).map(function (el) { return el.dataset.item; });
        p.textContent = describe(counts(ids, state.items));
      });
      var c = counts(Object.keys(known), state.items);
      var total = root.querySelector(".gb-progress--facet");
      total.textContent = "Progress: " + describe(c);
      var bar = document.createElement("span");
      bar.className = "gb-bar";
      bar.setAttribute("aria-hidden", "true");
      bar.innerHTML = "<span></span>";
      bar.firstChild.style.width = c.percent + "%";
      total.appendChild(bar);
    }
    function orphans() {
      var section = document.querySelector(".gb-orphans");
      var list = section.querySelector(".gb-orphan-list");
      list.textContent = "";
      var ids = Object.keys(state.items).filter(function (id) { return !known[id]; }).sort();
      ids.forEach(function (id) {
        var entry = state.items[id];
        var li = document.createElement("li");
        li.innerHTML = '<span class="gb-id"></span> <span class="gb-gone">no longer in this checklist</span>: <span class="gb-saved"></span> <button type="button" class="md-button"></button>';
        li.querySelector(".gb-id").textContent = id;
        var mark = (state.changes || {})[id];
        if (mark) li.querySelector(".gb-gone").textContent = goneText(mark) + (mark.text ? " (it read: “" + mark.text + "”)" : "");
        li.querySelector(".gb-saved").textContent = "status " + (LABELS[entry.status] || entry.status) + (entry.note ? "; note: " + entry.note : "") + ".";
        var forget = li.querySelector("button");
        forget.textContent = "Forget the answer for " + id;
        forget.addEventListener("click", function () {
          if (!window.confirm("Forget the saved answer for " + id + "? It cannot be recovered unless you exported it.")) return;
          delete state.items[id];
          save(facet, state, message);
          orphans();
          say(message, "The answer for " + id + " was forgotten.");
        });
        list.appendChild(li);
      });
      section.hidden = ids.length === 0;
    }
    function refresh() {
      elements.forEach(function (el) { show(el, state.items[el.dataset.item]); });
      progress();
      orphans();
      announceChanges();
    }
    function changed(el) {
      var status = el.querySelector("input[type=radio]:checked").value;
      var note = el.querySelector("textarea").value;
      var id = el.dataset.item;
      if (isEmpty({ status: status, note: note })) delete state.items[id];
      else state.items[id] = { status: status, note: note, updated: new Date().toISOString() };
      if (state.changes && state.changes[id]) {
        delete state.changes[id]; // answered again: the mark has done its job
        markChange(el, null);
        announceChanges();
      }
      save(facet, state, message);
      reflect(el, status, note);
      progress();
    }
    elements.forEach(function (el) {
      el.addEventListener("change", function (event) { if (event.target.type === "radio") changed(el); });
      el.querySelector("textarea").addEventListener("input", function () { changed(el); });
    });
    window.addEventListener("storage", function (event) {
      if (event.key === PREFIX + facet) { state = current(); refresh(); }
    });

    notice.querySelector("button").addEventListener("click", function () {
      delete state.changes;
      save(facet, state, message);
      refresh();
      say(message, "The changes are marked as seen.");
    });
    toolbar(root, {
      "export-json": function () {
        var out = {};
        out[facet] = { title: root.dataset.facetTitle, items: state.items };
        download("checklist-" + facet + "-" + today() + ".json", "application/json", exportJson(out));
      },
      "export-csv": function () {
        var rows = elements.map(function (el) {
          var entry = state.items[el.dataset.item] || {};
          return [facet, el.dataset.principle, el.dataset.item, LABELS[entry.status || "not-started"], entry.note || "", el.querySelector(".gb-text").textContent, "yes"];
        });
        Object.keys(state.items).filter(function (id) { return !known[id]; }).forEach(function (id) {
          var entry = state.items[id];
          rows.push([facet, "", id, LABELS[entry.status] || entry.status, entry.note || "", "", "no longer in this checklist"]);
        });
        download("checklist-" + facet + "-" + today() + ".csv", "text/csv", csv(rows));
      },
      print: function () { window.print(); },
      reset: function () {
        var n = Object.keys(state.items).length;
        if (!n) return say(message, "There are no saved answers to reset.");
        if (!window.confirm("Reset all " + n + " saved answers (statuses and notes) of this checklist in this browser? Export them first if you may need them.")) {
          return say(message, "Nothing was reset.");
        }
        state = { version: 1, kb: KB.version, items: {} };
        try { localStorage.removeItem(PREFIX + facet); } catch (e) { /* nothing stored */ }
        refresh();
        say(message, "All answers of this checklist were reset.");
      },
      import: function (result, name) {
        if (result.fatal) return say(message, result.fatal);
        var problems = result.problems.slice();
        var others = Object.keys(result.facets).filter(function (f) { return f !== facet; });
        if (others.length) problems.push("Not used here: answers for other facets (" + others.join(", ") + "). Import the file on the Checklists page to restore them.");
        var incoming = result.facets[facet] || {};
        var ids = Object.keys(incoming);
        if (!ids.length) return say(message, "Nothing from " + name + " could be used on this checklist.", problems);
        var replaced = conflicts(state.items, incoming);
        if (replaced && !window.confirm("The file replaces " + replaced + " answers you already have on this checklist. Replace them?")) {
          return say(message, "Nothing was imported.");
        }
        adopt(state, incoming, result.kb, Object.keys(known));
        save(facet, state, message);
        refresh();
        var gone = ids.filter(function (id) { return !known[id]; }).length;
        var text = "Imported " + ids.length + " answers from " + name + ".";
        if (gone) text += " " + gone + " of them are for items no longer in this checklist; they are listed at the end.";
        if (problems.length) text += " Could not use:";
        say(message, text, problems);
      },
    });
    refresh();
  }

  /* ---------- the /checklists/ overview ---------- */
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text != null) el.textContent = text;
    return el;
  }
  function chart(catalog, stats) {
    var rowH = 26, labelW = 230, barW = 300, width = labelW + barW + 190, y = 40;
    var root = svg("svg", { role: "img", "aria-labelledby": "gb-chart-title", viewBox: "0 0 " + width + " 0" });
    root.appendChild(svg("title", { id: "gb-chart-title" }, "Share of applicable checklist items done, per facet"));
    var defs = svg("defs", {});
    var hatch = svg("pattern", { id: "gb-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    hatch.appendChild(svg("rect", { width: 6, height: 6, fill: "#fff" }));
    hatch.appendChild(svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#333", "stroke-width": 3 }));
    defs.appendChild(hatch);
    root.appendChild(defs);
    [["#1f1f1f", "Done"], ["url(#gb-hatch)", "In progress"], ["#fff", "Not started"]].forEach(function (entry, i) {
      root.appendChild(svg("rect", { x: labelW + i * 110, y: 8, width: 16, height: 16, fill: entry[0], stroke: "#333" }));
      root.appendChild(svg("text", { x: labelW + i * 110 + 22, y: 21 }, entry[1]));
    });
    var pillar = null;
    catalog.forEach(function (facet) {
      if (facet.pillar !== pillar) {
        pillar = facet.pillar;
        y += 10;
        root.appendChild(svg("text", { x: 0, y: y + 14, "font-weight": "bold" }, facet.pillarTitle));
        y += rowH;
      }
      var c = stats[facet.id];
      var done = c.applicable ? (barW * c.done) / c.applicable : 0;
      var busy = c.applicable ? (barW * c["in-progress"]) / c.applicable : 0;
      var row = svg("g", { "data-facet": facet.id });
      row.appendChild(svg("text", { x: 12, y: y + 15 }, facet.title));
      row.appendChild(svg("rect", { x: labelW, y: y + 2, width: barW, height: 18, fill: "#fff", stroke: "#333" }));
      row.appendChild(svg("rect", { x: labelW, y: y + 2, width: done, height: 18, fill: "#1f1f1f" }));
      row.appendChild(svg("rect", { x: labelW + done, y: y + 2, width: busy, height: 18, fill: "url(#gb-hatch)" }));
      row.appendChild(svg("text", { x: labelW + barW + 8, y: y + 15 }, c.percent + "% (" + c.done + "/" + c.applicable + ")" + (c["in-progress"] ? ", " + c["in-progress"] + " in progress" : "")));
      root.appendChild(row);
      y += rowH;
    });
    root.setAttribute("viewBox", "0 0 " + width + " " + (y + 6));
    return root;
  }

  function overview(root) {
    var catalog = JSON.parse(root.querySelector(".gb-catalog").textContent);
    var message = root.querySelector(".gb-message");
    var facetIds = catalog.map(function (f) { return f.id; });

    function render() {
      var stats = {}, started = 0, orphaned = 0, changed = [];
      catalog.forEach(function (facet) {
        var state = load(facet.id), items = state.items;
        if (Object.keys(items).length) migrate(state, facet.items);
        if (state.changes) changed.push(facet.title + " (" + changeCounts(state.changes).total + ")");
        stats[facet.id] = counts(facet.items, items);
        var c = stats[facet.id];
        if (c.done || c["in-progress"] || c["not-applicable"]) started += 1;
        orphaned += Object.keys(items).filter(function (id) { return facet.items.indexOf(id) < 0; }).length;
      });
      var all = counts([], {});
      catalog.forEach(function (f) { ["total", "done", "in-progress", "not-applicable", "applicable"].forEach(function (k) { all[k] += stats[f.id][k]; }); });
      all.percent = all.applicable ? Math.round((100 * all.done) / all.applicable) : 0;
      var summary = "You have started " + started + " of " + catalog.length + " checklists: " + describe(all);
      if (orphaned) summary += " " + orphaned + " saved answers are for items no longer in a checklist; open the facet's checklist to see them.";
      if (changed.length) summary += " Items changed since you last saved, in: " + changed.join(", ") + "; open those checklists to review them.";
      root.querySelector(".gb-overview-summary").textContent = summary;
      document.querySelectorAll(".gb-cell[data-facet]").forEach(function (cell) {
        var c = stats[cell.dataset.facet];
        if (c) cell.textContent = describe(c);
      });
      var figure = root.querySelector(".gb-chart");
      var old = figure.querySelector("svg");
      if (old) old.remove();
      figure.insertBefore(chart(catalog, stats), figure.firstChild);
      figure.hidden = false;
      weakest(stats);
    }
    function weakest(stats) {
      var blocks = Array.prototype.slice.call(document.querySelectorAll(".gb-weak[data-facet]"));
      if (!blocks.length) return;
      var parent = blocks[0].parentNode;
      var anchor = weakest.anchor || (weakest.anchor = parent.insertBefore(document.createComment("weakest"), blocks[0]));
      var ranked = blocks.slice().sort(function (a, b) {
        return stats[a.dataset.facet].percent - stats[b.dataset.facet].percent || facetIds.indexOf(a.dataset.facet) - facetIds.indexOf(b.dataset.facet);
      });
      var shown = Math.min(3, ranked.length);
      ranked.forEach(function (block, i) {
        var list = block.nextElementSibling;
        parent.insertBefore(block, anchor);
        parent.insertBefore(list, anchor);
        block.hidden = list.hidden = i >= shown;
        var figure = block.querySelector(".gb-weak-figure") || block.appendChild(document.createElement("span"));
        figure.className = "gb-weak-figure";
        figure.textContent = " · " + stats[block.dataset.facet].percent + "% done";
      });
      var intro = document.querySelector(".gb-weak-intro");
      if (intro) intro.textContent = "The " + shown + " facets with the lowest share of items done, with the case studies that illustrate them.";
    }

    toolbar(root, {
      print: function () { window.print(); },
      "export-json": function () {
        var out = {};
        catalog.forEach(function (f) {
          var items = load(f.id).items;
          if (Object.keys(items).length) out[f.id] = { title: f.title, items: items };
        });
        download("checklists-" + today() + ".json", "application/json", exportJson(out));
      },
      "export-csv": function () {
        var rows = [];
        catalog.forEach(function (f) {
          var items = load(f.id).items;
          f.rows.forEach(function (row) {
            var entry = items[row[0]] || {};
            rows.push([f.id, row[1], row[0], LABELS[entry.status || "not-started"], entry.note || "", row[2], "yes"]);
          });
          Object.keys(items).filter(function (id) { return f.items.indexOf(id) < 0; }).forEach(function (id) {
            rows.push([f.id, "", id, LABELS[items[id].status] || items[id].status, items[id].note || "", "", "no longer in this checklist"]);
          });
        });
        download("checklists-" + today() + ".csv", "text/csv", csv(rows));
      },
      import: function (result, name) {
        if (result.fatal) return say(message, result.fatal);
        var problems = result.problems.slice(), used = 0, replaced = 0;
        var facets = Object.keys(result.facets).filter(function (f) {
          if (facetIds.indexOf(f) >= 0) return true;
          problems.push("“" + f + "” is not a facet of this site; its answers were not used.");
          return false;
        });
        facets.forEach(function (f) { replaced += conflicts(load(f).items, result.facets[f]); });
        if (replaced && !window.confirm("The file replaces " + replaced + " answers you already have. Replace them?")) return say(message, "Nothing was imported.");
        facets.forEach(function (f) {
          var state = load(f);
          migrate(state, catalog[facetIds.indexOf(f)].items);
          used += adopt(state, result.facets[f], result.kb, catalog[facetIds.indexOf(f)].items);
          save(f, state, message);
        });
        render();
        say(message, "Imported " + used + " answers for " + facets.length + " facets from " + name + "." + (problems.length ? " Could not use:" : ""), problems);
      },
    });
    window.addEventListener("storage", function (event) { if (event.key && event.key.indexOf(PREFIX) === 0) render(); });
    render();
  }

  /* An HTML element with attributes and text (never parsed as markup: notes and names are shown as typed). */
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  /* For the team tools (their scripts load only on their pages, after this one). */
  window.guidebookChecklists = {
    KB: KB, STATUSES: STATUSES, LABELS: LABELS, PREFIX: PREFIX,
    load: load, save: save, migrate: migrate, parseExport: parseExport, isEmpty: isEmpty, adopt: adopt,
    counts: counts, describe: describe, say: say, today: today, download: download, exportJson: exportJson, csv: csv,
    csvCell: csvCell, csvRows: csvRows, uncell: uncell, svg: svg, el: el, stampPrint: stampPrint,
  };

  function start() {
    var list = document.querySelector(".gb-checklist[data-facet]");
    if (list) checklist(list);
    var board = document.querySelector(".gb-overview");
    if (board) overview(board);
    if (list || board) stampPrint();
  }
  // Material's instant navigation swaps pages without a reload: follow its document$ when present.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
