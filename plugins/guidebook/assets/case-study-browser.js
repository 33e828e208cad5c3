/*
 * Case study browser (/case-studies/): filters and sorting over every case study.
 *
 * A small knowledge base lists every case study in the page, each entry carrying data-*
 * attributes (pillars, facets, principles, country, level, year, tags), so without JavaScript
 * the full list is there and this script hides the entries that do not match. A large
 * one splits the list into static pages (the form then has data-filters): filtering
 * and sorting work across all pages by fetching small JSON files (one list of entry
 * numbers per filter value, the years, and the matching entries in chunks) only when a
 * reader filters or sorts; see render/browser_index.py. Either way the script shows the
 * filter form, keeps the count up to date (aria-live) and mirrors the filters in the
 * URL query so a filtered view can be bookmarked and shared. It does nothing on pages
 * without the form.
 */
(function () {
  "use strict";

  var SELECTS = ["pillar", "facet", "principle", "country", "level", "tag"];
  var VIEW = 50; /* entries shown at a time in a filtered view of a paged listing */

  /* What filtering needs from an entry, read from its data-* attributes once. */
  function facts(entry) {
    var split = function (name) {
      var value = entry.getAttribute("data-" + name) || "";
      return value ? value.split(" ") : [];
    };
    return {
      pillar: split("pillars"),
      facet: split("facets"),
      principle: split("principles"),
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

  function countText(shown, total) {
    return shown === total ? total + " case studies." : "Showing " + shown + " of " + total + " case studies.";
  }

  /* Small knowledge base: every entry is in the page; filter and sort them in place. */
  function inPageBrowser(entries, count) {
    var list = entries[0].parentNode;
    /* Entries in page order (by title), with what sorting needs computed once. */
    var records = entries.map(function (entry, index) {
      var record = { entry: entry, index: index, title: title(entry), facts: facts(entry) };
      record.year = record.facts.year;
      return record;
    });
    var currentSort = "title";
    return function apply(filters) {
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
      count.textContent = countText(shown, records.length);
    };
  }

  function element(name, text) {
    var node = document.createElement(name);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Large knowledge base: the page holds one page of the list; filtered views are built from the JSON files. */
  function pagedBrowser(form, count, list) {
    var root = form.getAttribute("data-root");
    var base = root + form.getAttribute("data-filters");
    var files = {};
    var load = function (path) {
      if (!files[path]) {
        files[path] = fetch(base + path).then(function (response) {
          if (response.status === 404) return [];  /* no case study has this value */
          if (!response.ok) throw new Error(response.status + " " + path);
          return response.json();
        });
      }
      return files[path];
    };
    var staticParts = Array.prototype.slice.call(document.querySelectorAll(".gb-pager")).concat([list]);
    var staticCount = count.textContent;
    var results = element("ul");
    results.className = "gb-results";
    results.hidden = true;
    list.parentNode.insertBefore(results, list.nextSibling);
    var more = element("button", "Show more case studies");
    more.type = "button";
    more.className = "md-button gb-more";
    more.hidden = true;
    results.parentNode.insertBefore(more, results.nextSibling);
    var run = 0;
    var found = [];

    function showStatic(visible) {
      staticParts.forEach(function (part) { part.hidden = !visible; });
      results.hidden = visible;
      if (visible) results.textContent = "";
      more.hidden = true;
    }

    function entryItem(entry, meta) {
      /* [title, url from the site root, country, year, level, facet ids, summary], as in the static entries. */
      var item = element("li");
      item.className = "gb-case";
      item.setAttribute("data-year", entry[3]);
      var link = element("a", entry[0]);
      link.href = root + entry[1];
      item.appendChild(element("strong")).appendChild(link);
      item.appendChild(element("br"));
      var level = entry[4].charAt(0).toUpperCase() + entry[4].slice(1);
      item.appendChild(document.createTextNode(entry[2] + " \u00b7 " + entry[3] + " \u00b7 " + level + " \u00b7 "));
      entry[5].forEach(function (id, index) {
        if (index) item.appendChild(document.createTextNode(", "));
        var facet = element("a", meta.facets[id][0]);
        facet.href = root + meta.facets[id][1];
        item.appendChild(facet);
      });
      item.appendChild(element("br"));
      item.appendChild(document.createTextNode(entry[6]));
      return item;
    }

    function showMore(meta, current) {
      var numbers = found.slice(results.children.length, results.children.length + VIEW);
      var chunks = [];
      numbers.forEach(function (n) {
        var chunk = Math.floor(n / meta.chunk);
        if (chunks.indexOf(chunk) < 0) chunks.push(chunk);
      });
      return Promise.all(chunks.map(function (chunk) { return load("entries/" + chunk + ".json"); })).then(function (loaded) {
        if (current !== run) return;
        numbers.forEach(function (n) {
          var chunk = loaded[chunks.indexOf(Math.floor(n / meta.chunk))];
          results.appendChild(entryItem(chunk[n % meta.chunk], meta));
        });
        more.hidden = results.children.length >= found.length;
      });
    }

    more.addEventListener("click", function () {
      var current = run;
      more.disabled = true; /* one batch at a time, so no entry is added twice */
      load("meta.json").then(function (meta) { return showMore(meta, current); }).then(function () {
        more.disabled = false;
      });
    });

    return function apply(filters) {
      var current = ++run;
      var used = SELECTS.filter(function (name) { return filters[name]; });
      if (!used.length && !filters.from && !filters.to && filters.sort === "title") {
        showStatic(true);
        count.textContent = staticCount;
        return;
      }
      count.textContent = "Filtering\u2026";
      var lists = used.map(function (name) { return load(name + "/" + encodeURIComponent(filters[name]) + ".json"); });
      Promise.all([load("meta.json")].concat(lists)).then(function (loaded) {
        if (current !== run) return;
        var meta = loaded[0];
        var numbers = loaded.length > 1 ? loaded[1] : meta.years.map(function (_, n) { return n; });
        loaded.slice(2).forEach(function (other) {
          var wanted = new Set(other);
          numbers = numbers.filter(function (n) { return wanted.has(n); });
        });
        var years = meta.years;
        numbers = numbers.filter(function (n) {
          return (!filters.from || years[n] >= filters.from) && (!filters.to || years[n] <= filters.to);
        });
        if (filters.sort === "year") numbers.sort(function (a, b) { return years[b] - years[a] || a - b; });
        if (filters.sort === "year-asc") numbers.sort(function (a, b) { return years[a] - years[b] || a - b; });
        found = numbers;
        results.textContent = "";
        showStatic(false);
        count.textContent = countText(numbers.length, meta.count);
        return showMore(meta, current);
      }).catch(function () {
        if (current !== run) return;
        showStatic(true);
        count.textContent = "Filtering failed to load; the pages below still list every case study.";
      });
    };
  }

  function init() {
    var form = document.getElementById("gb-browser");
    var count = document.getElementById("gb-browser-count");
    if (!form || !count || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "true");
    var entries = Array.prototype.slice.call(document.querySelectorAll("li.gb-case"));
    if (!entries.length) return;
    var apply = form.hasAttribute("data-filters")
      ? pagedBrowser(form, count, entries[0].parentNode)
      : inPageBrowser(entries, count);

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

    function update() {
      var filters = readForm();
      apply(filters);
      writeUrl(filters);
    }

    /* Restore the filters from the URL; values the form does not offer are ignored. */
    var params = new URLSearchParams(location.search);
    SELECTS.concat(["from", "to", "sort"]).forEach(function (name) {
      var value = params.get(name);
      if (value !== null) form.elements[name].value = value;
    });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    update();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
