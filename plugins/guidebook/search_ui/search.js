/*
 * guidebook's site search: a search box in Material's header, answered by the Pagefind
 * index that guidebook writes to /pagefind/ after each build.
 *
 * The box reuses Material's markup and classes (so it looks and opens like Material's own
 * search) but none of its data-md-component hooks, so Material never fetches its one-file
 * index. Pagefind's engine and the index chunks a query needs are loaded on the first
 * search only. Without JavaScript there is no box: the site's listings remain.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  const header = document.querySelector(".md-header__inner");
  const toggle = document.getElementById("__search");
  // Material's own search is on this page (a site that keeps it besides guidebook's): leave it alone.
  if (!script || !header || !toggle || document.querySelector('[data-md-component="search"]')) return;

  // This file is published at <site>/assets/guidebook-search/search.js.
  const siteRoot = new URL("../../", script.src);
  const MAX_RESULTS = 10;
  const ICONS = {
    search:
      "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5",
    back: "M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z",
    close:
      "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
  };

  const translations = (() => {
    try {
      return JSON.parse(document.getElementById("__config").textContent).translations || {};
    } catch {
      return {};
    }
  })();
  const t = (key, fallback) => translations[key] || fallback;

  const element = (tag, attributes = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };
  const icon = (path) => {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    const shape = document.createElementNS("http://www.w3.org/2000/svg", "path");
    shape.setAttribute("d", path);
    svg.append(shape);
    return svg;
  };

  // The header button (shown on narrow screens, where the field is hidden: search.css).
  const opener = element(
    "button",
    { type: "button", class: "md-header__button md-icon guidebook-search__opener", "aria-label": "Search" },
    [icon(ICONS.search)],
  );
  const input = element("input", {
    type: "search",
    class: "md-search__input",
    required: "",
    name: "query",
    "aria-label": "Search the site",
    placeholder: "Search",
    autocapitalize: "off",
    autocorrect: "off",
    autocomplete: "off",
    spellcheck: "false",
    "aria-controls": "guidebook-search-results",
  });
  const reset = element(
    "button",
    { type: "reset", class: "md-search__icon md-icon", title: "Clear", "aria-label": "Clear the search" },
    [icon(ICONS.close)],
  );
  const form = element("form", { class: "md-search__form", role: "search", "aria-label": "Site search" }, [
    input,
    element("label", { class: "md-search__icon md-icon", for: "__search", "aria-hidden": "true" }, [
      icon(ICONS.search),
      icon(ICONS.back),
    ]),
    element("nav", { class: "md-search__options", "aria-label": "Search options" }, [reset]),
  ]);
  const status = element("div", { class: "md-search-result__meta", role: "status", "aria-live": "polite" }, [
    t("search.result.placeholder", "Type to start searching"),
  ]);
  const list = element("ol", { class: "md-search-result__list", id: "guidebook-search-results", "aria-label": "Results" });
  const search = element("div", { class: "md-search guidebook-search", role: "dialog", "aria-label": "Search" }, [
    element("label", { class: "md-search__overlay", for: "__search", "aria-hidden": "true" }),
    element("div", { class: "md-search__inner" }, [
      form,
      element("div", { class: "md-search__output" }, [
        element("div", { class: "md-search__scrollwrap", tabindex: "0", "data-md-scrollfix": "" }, [
          element("div", { class: "md-search-result" }, [status, list]),
        ]),
      ]),
    ]),
  ]);
  header.insertBefore(opener, header.querySelector(".md-header__source"));
  header.insertBefore(search, header.querySelector(".md-header__source"));

  // Pagefind also searches the metadata that guidebook gives pages (render/search_pages.py);
  // how much a match there counts against the page's own text. The kind matches nothing
  // on its own: every case study would otherwise answer "case study".
  // Words declared for a page (`terms`: synonyms, a country page's name) count most.
  const META_WEIGHTS = { terms: 20, title: 5, kind: 0, principles: 1, organisation: 1, country: 0.5, year: 0.5, tags: 0.5 };
  // Result links carry the searched words in this parameter; the opened page highlights them.
  const HIGHLIGHT = "highlight";

  // A large site's index comes in parts (render/search_index.py): pagefind/ holds the first and
  // the engine, parts.json lists the others. Each merged part loads its own metadata, never a
  // second engine, and Pagefind ranks the results of all parts as one list. Options given to
  // Pagefind apply to the first part only, so every part gets them.
  // Pagefind runs in the page, not in a web worker of its own: a search takes milliseconds, and
  // the worker is a second copy of the engine to download (41 KB, 15 % of a first search).
  const INDEX = new URL("pagefind/", siteRoot);
  const OPTIONS = { baseUrl: siteRoot.pathname, ranking: { metaWeights: META_WEIGHTS } };
  const partsOf = async () => {
    const response = await fetch(new URL("parts.json", INDEX));
    if (!response.ok) throw new Error(`parts.json: ${response.status}`);
    return (await response.json()).parts;
  };
  let engine = null;
  const loadEngine = () => {
    engine ??= Promise.all([import(new URL("pagefind.js", INDEX).href), partsOf()]).then(async ([pagefind, parts]) => {
      await pagefind.options({ ...OPTIONS, noWorker: true });
      await pagefind.init();
      await Promise.all(parts.map((part) => pagefind.mergeIndex(new URL(part, INDEX).pathname, OPTIONS)));
      return { pagefind, parted: parts.length > 0 };
    });
    return engine;
  };

  // Pagefind leaves out of a query the words its index does not hold (so one unknown word does
  // not empty the results). Each part is an index of its own: a part without one of the words
  // would answer with its pages holding the others. So with parts, a result is kept only if each
  // word of the query that some part holds finds it too, as one index would answer. The words'
  // own searches need the same index chunks as the query: they download nothing more.
  const EXACT = /^\s*".+"\s*$/;
  const holdingEveryWord = async (pagefind, query, results) => {
    const words = query.split(/\s+/);
    if (words.length < 2 || EXACT.test(query)) return results;
    const found = await Promise.all(words.map((word) => pagefind.search(word)));
    const pages = found.map((each) => new Set(each.results.map((result) => result.id))).filter((ids) => ids.size);
    return results.filter((result) => pages.every((ids) => ids.has(result.id)));
  };

  // A page opened from a result marks the searched words (Pagefind's highlighter, from this site).
  if (new URLSearchParams(window.location.search).has(HIGHLIGHT)) {
    import(new URL("pagefind-highlight.js", INDEX).href)
      .then(({ default: PagefindHighlight }) => new PagefindHighlight({ highlightParam: HIGHLIGHT }))
      .catch(() => {});
  }

  const setOpen = (open) => {
    toggle.checked = open;
  };

  const count = (n) => {
    if (n === 0) return t("search.result.none", "No matching documents");
    if (n === 1) return t("search.result.one", "1 matching document");
    return t("search.result.other", "# matching documents").replace("#", String(n));
  };

  // What a result is: "Case study · Estonia · 2001", "Facet", "Principle"...
  const label = (parts) => element("p", { class: "guidebook-search__kind" }, [parts.filter(Boolean).join(" · ")]);

  // The words as the reader typed them ("X-Road"), not Pagefind's normalised terms ("xroad"),
  // which the opened page's text does not contain.
  const highlighted = (url, query) => {
    const address = new URL(url, window.location.href);
    for (const word of query.split(/\s+/)) address.searchParams.append(HIGHLIGHT, word);
    return address.pathname + address.search + address.hash;
  };

  const link = (url, query, children) =>
    element("a", { href: highlighted(url, query), class: "md-search-result__link" }, [
      element("article", { class: "md-search-result__article md-typeset" }, children),
    ]);

  const excerptOf = (html) => {
    const excerpt = element("p");
    excerpt.innerHTML = html; // Pagefind escapes the page text and adds only <mark>.
    return excerpt;
  };

  const score = (section) => section.weighted_locations.reduce((sum, found) => sum + found.balanced_score, 0);

  // The sections of a page that match best (a facet's principles, a glossary entry), each
  // linked to its heading: at most two, and only sections that have a heading of their own.
  const MAX_SECTIONS = 2;
  const sections = (data) =>
    (data.sub_results || [])
      .filter((section) => section.anchor && section.anchor.element !== "h1" && section.weighted_locations.length)
      .sort((a, b) => score(b) - score(a))
      .slice(0, MAX_SECTIONS);

  const resultItem = (data, query) => {
    const meta = data.meta;
    const principles = (meta.principles || "").split(" ");
    // Sections are worth showing on long pages made of them (a facet's principles, a hand-written
    // page's entries); a case study's or a country's sections would only repeat the page's name.
    const shown = meta.principles || !meta.kind ? sections(data) : [];
    // The page's excerpt is its best section's: when sections are shown, they carry the excerpts.
    const page = link(data.url, query, [
      label([meta.kind, meta.country, meta.year]),
      element("h1", {}, [meta.title || data.url]),
      ...(shown.length ? [] : [excerptOf(data.excerpt)]),
    ]);
    const parts = shown.map((section) =>
      link(section.url, query, [
        label([principles.includes(section.anchor.id) ? "Principle" : "Section"]),
        element("h2", {}, [section.title]),
        excerptOf(section.excerpt),
      ]),
    );
    return element("li", { class: "md-search-result__item" }, [page, ...parts]);
  };

  let latest = 0;
  const run = async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      delete list.dataset.query;
      status.textContent = t("search.result.placeholder", "Type to start searching");
      return;
    }
    let loaded;
    try {
      loaded = await loadEngine();
    } catch {
      status.textContent = "Search is unavailable: open the site through a web server.";
      return;
    }
    const { pagefind, parted } = loaded;
    const found = await pagefind.debouncedSearch(query, {}, 150);
    if (found === null || ticket !== latest) return; // a newer query replaced this one
    const matching = parted ? await holdingEveryWord(pagefind, query, found.results) : found.results;
    if (ticket !== latest) return;
    const results = await Promise.all(matching.slice(0, MAX_RESULTS).map((result) => result.data()));
    if (ticket !== latest) return;
    status.textContent = count(matching.length);
    list.replaceChildren(...results.map((data) => resultItem(data, query)));
    list.dataset.query = query; // which query the list answers (tests and styles can tell stale results)
  };

  const links = () => [...list.querySelectorAll("a")];
  const moveFocus = (step) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    const next = at + step;
    if (next < 0) input.focus();
    else if (next < all.length) all[next].focus();
  };

  input.addEventListener("focus", () => {
    setOpen(true);
    loadEngine().catch(() => {});
  });
  input.addEventListener("input", run);
  reset.addEventListener("click", () => {
    input.value = "";
    run();
    input.focus();
  });
  form.addEventListener("submit", (event) => {
    // Enter opens the first result.
    event.preventDefault();
    const first = links()[0];
    if (first) first.click();
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked) input.focus();
  });
  opener.addEventListener("click", () => {
    setOpen(true);
    input.focus();
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveFocus(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Escape") {
      setOpen(false);
      input.blur();
    }
  });
  document.addEventListener("keydown", (event) => {
    // "/" or "s" opens the search from anywhere but a form field, as in Material.
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s") {
      event.preventDefault();
      setOpen(true);
      input.focus();
    }
  });
})();
