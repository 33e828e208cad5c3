/*
 * Case study browser (/case-studies/): filters and sorting over the list the page already holds.
 *
 * The page lists every case study as plain HTML, each entry carrying data-* attributes
 * (pillars, facets, country, level, year, tags), so without JavaScript the full list is
 * there. This script shows the filter form, hides entries that do not match, keeps the
 * count up to date (aria-live) and mirrors the filters in the URL query so a filtered
 * view can be bookmarked and shared. It does nothing on pages without the form.
 */
(function () {
  "use strict";

  var SELECTS = ["pillar", "facet", "country", "level", "tag"];

  /* What filtering needs from an entry, read from its data-* attributes once. */
  function facts(entry) {
    var split = function (name) {
      var value = entry.getAttribute("data-" + name) || "";
      return value ? value.split(" ") : [];
    };
    return {
      pillar: split("pillars"),
      facet: split("facets"),
      tag: split("tags"),
      country: [entry.getAttribute("data-country")],
      level: [entry.getAttribute("data-level")],
      year: Number(entry.getAttribute("data-year"))
    };
  }

  function matches(record, filters) {
    for (var i = 0; i < SELECTS.length; i++) {
      var wanted = filters[SELECTS[i]];
      if (wanted && record.facts[SELECTS[i]].indexOf(wanted) < 0) return false;
    }
    if (filters.from && record.facts.year < filters.from) return false;
    if (filters.to && record.facts.year > filters.to) return false;
    return true;
  }

  function title(entry) {
    return entry.querySelector("a").textContent;
  }

  function comparator(sort) {
    var byTitle = function (a, b) {
      return a.title.localeCompare(b.title) || a.index - b.index;
    };
    if (sort === "year") return function (a, b) { return b.year - a.year || byTitle(a, b); };
    if (sort === "year-asc") return function (a, b) { return a.year - b.year || byTitle(a, b); };
    return function (a, b) { return a.index - b.index; };
  }

  function yearOf(input) {
    var value = parseInt(input.value, 10);
    return isNaN(value) ? 0 : value;
  }

  function init() {
    var form = document.getElementById("gb-browser");
    var count = document.getElementById("gb-browser-count");
    if (!form || !count || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "true");
    var entries = Array.prototype.slice.call(document.querySelectorAll("li.gb-case"));
    if (!entries.length) return;
    var list = entries[0].parentNode;
    /* Entries in page order (by title), with what sorting needs computed once. */
    var records = entries.map(function (entry, index) {
      var record = { entry: entry, index: index, title: title(entry), facts: facts(entry) };
      record.year = record.facts.year;
      return record;
    });
    var currentSort = "title";

    function readForm() {
      var filters = {};
      SELECTS.forEach(function (name) { filters[name] = form.elements[name].value; });
      filters.from = yearOf(form.elements.from);
      filters.to = yearOf(form.elements.to);
      filters.sort = form.elements.sort.value;
      return filters;
    }

    function writeUrl(filters) {
      var params = new URLSearchParams();
      SELECTS.concat(["from", "to"]).forEach(function (name) {
        if (filters[name]) params.set(name, String(filters[name]));
      });
      if (filters.sort !== "title") params.set("sort", filters.sort);
      var query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function apply() {
      var filters = readForm();
      var shown = 0;
      records.forEach(function (record) {
        var visible = matches(record, filters);
        record.entry.hidden = !visible;
        if (visible) shown++;
      });
      if (filters.sort !== currentSort) {
        currentSort = filters.sort;
        var fragment = document.createDocumentFragment();
        records.slice().sort(comparator(currentSort)).forEach(function (record) { fragment.appendChild(record.entry); });
        list.appendChild(fragment);
      }
      count.textContent = shown === records.length
        ? records.length + " case studies."
        : "Showing " + shown + " of " + records.length + " case studies.";
      writeUrl(filters);
    }

    /* Restore the filters from the URL; values the form does not offer are ignored. */
    var params = new URLSearchParams(location.search);
    SELECTS.concat(["from", "to", "sort"]).forEach(function (name) {
      var value = params.get(name);
      if (value !== null) form.elements[name].value = value;
    });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
