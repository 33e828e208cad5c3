"""`make bench`: build synthetic knowledge bases of growing size and write BENCHMARKS.md.

For each size (100, 1,000 and 10,000 case studies by default) it
- generates the base (bench/synthetic.py) and builds it with the plugin: wall time and
  peak RSS of the build process (os.wait4 gives the rusage of that one child);
- counts the built pages and output bytes, the bytes of the largest page, and the bytes a
  reader downloads to open a case study page (HTML plus every CSS, JS, image and font it
  references, read from the built files);
- opens that page in headless Chromium over a local HTTP server, counts what the browser
  really downloads to open it and to run a first search for the case study's
  distinctive word, and checks that the search finds it;
- exports the same pages with `guidebook export` and builds them with plain MkDocs (no
  plugin): the ratio plugin / plain is the cost guidebook adds.
It also builds the shipped site the same way (plugin, export, plain MkDocs; `--no-shipped`
skips it), typesets its checklist PDFs in-process (wall and CPU time) and weighs one page of
each kind, raw and gzip-compressed as a static host serves it. Live editing under
`mkdocs serve --dirty` is timed on the shipped site and at one synthetic size (1,000 by
default): from saving a case study file to the served page showing the change, with the CPU
time the server and its children spent per save (the machine is shared, so wall time alone
says little). A Zensical build of the export is timed when the `zensical` command is
installed (`zensical_build`; the Makefile installs it); otherwise the row says so.

Timing lives here, never in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import html.parser
import http.server
import io
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

from bench import phone, synthetic

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
KB = 1024
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
"""Files static hosts send gzipped; the rest (images, fonts, Pagefind's pre-compressed index) as they are."""


@dataclass
class Run:
    """One measured child process."""

    seconds: float
    peak_rss: int
    """Bytes: the largest of the process and everything it started (what `wait4` reports)."""
    output: str
    cpu_seconds: float = 0.0
    """User + system time of the process and everything it started: the work done, whatever the machine's load."""
    peak_by_process: dict[str, int] = field(default_factory=dict)
    """Bytes, sampled: the largest RSS of each process by program name (`mkdocs`, `pagefind`...)."""

    def peaks(self) -> str:
        """Processes of 10 MB or more (not the compiler that `ctypes.util.find_library` runs for WeasyPrint)."""
        big = sorted((name, rss) for name, rss in self.peak_by_process.items() if rss >= 10 * KB**2)
        return ", ".join(f"{name} {_mb(rss)}" for name, rss in big)


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command`, return wall time and its peak RSS; fail loudly if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peaks: dict[str, int] = {}
    sampler = threading.Thread(target=_sample_rss, args=(process, peaks), daemon=True)
    sampler.start()
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{output[-4000:]}")
    return Run(seconds, usage.ru_maxrss * KB, output, usage.ru_utime + usage.ru_stime, peaks)


def median(runs: list[Run]) -> Run:
    """The run of median wall time, with the median CPU time and the largest memory of all runs."""
    middle = sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]
    cpu = sorted(run.cpu_seconds for run in runs)[len(runs) // 2]
    peaks: dict[str, int] = {}
    for run in runs:
        for name, rss in run.peak_by_process.items():
            peaks[name] = max(peaks.get(name, 0), rss)
    return Run(middle.seconds, max(run.peak_rss for run in runs), middle.output, cpu, peaks)


def _sample_rss(process: subprocess.Popen[str], peaks: dict[str, int]) -> None:
    """Every 0.2 s, note the RSS of `process` and of each of its descendants, by program name.

    `wait4` gives one figure for the whole tree; this tells whether it is MkDocs itself or a
    helper process (Pagefind's indexer, the PDF worker) that needs the memory."""
    while process.returncode is None and Path(f"/proc/{process.pid}/status").exists():
        tree = [process.pid]
        for pid in tree:
            tree += [
                int(child) for task in Path(f"/proc/{pid}/task").glob("*") for child in _read(task / "children").split()
            ]
        for pid in tree:
            status = _read(Path(f"/proc/{pid}/status"))
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            name = "mkdocs" if pid == process.pid else _program(pid)
            if rss and name:
                peaks[name] = max(peaks.get(name, 0), int(rss.group(1)) * KB)
        time.sleep(0.2)


def _read(path: Path) -> str:
    """A /proc file, or "" once the process has gone."""
    try:
        return path.read_text()
    except OSError:
        return ""


def _program(pid: int) -> str:
    """`pagefind`, or `python (spawn)` for a multiprocessing worker."""
    argv = _read(Path(f"/proc/{pid}/cmdline")).split("\0")
    name = Path(argv[0]).name
    return f"{name} (worker)" if "multiprocessing" in " ".join(argv) else name


# -- reading the built site ---------------------------------------------------------------------------------------


class _References(html.parser.HTMLParser):
    """Collects what a browser fetches to show a page: stylesheets, scripts, images, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("href"):
            rel = (values.get("rel") or "").lower()
            if any(word in rel for word in ("stylesheet", "icon", "preload", "modulepreload", "manifest")):
                self.urls.append(values["href"] or "")
        elif tag in ("script", "img", "source", "audio", "video") and values.get("src"):
            self.urls.append(values["src"] or "")


def _site_file(site: Path, url: str) -> Path | None:
    """The built file a same-site URL (absolute path from the site root) is served from."""
    path = urlsplit(url).path
    candidate = site / path.lstrip("/")
    if path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def page_weight(site: Path, page_url: str) -> tuple[int, int, int]:
    """(bytes of the HTML, of the HTML plus everything it references (each file once), and the latter gzipped).

    Gzip level 6, as static hosts compress text files; images and fonts count as they are."""
    base = "http://site/"
    page_file = _site_file(site, page_url)
    assert page_file is not None, page_url
    seen: dict[Path, int] = {}
    compressed = 0
    queue = [urljoin(base, page_url)]
    while queue:
        url = queue.pop()
        if not url.startswith(base):
            continue  # another host: not part of this site's weight (the site loads no third-party files)
        file = _site_file(site, urlsplit(url).path)
        if file is None or file in seen:
            continue
        seen[file] = file.stat().st_size
        text_file = file.suffix in COMPRESSED
        compressed += len(gzip.compress(file.read_bytes(), 6)) if text_file else seen[file]
        if file.suffix == ".html":
            parser = _References()
            parser.feed(file.read_text(encoding="utf-8"))
            queue += [urljoin(url, ref) for ref in parser.urls if not ref.startswith("data:")]
        elif file.suffix == ".css":
            queue += [
                urljoin(url, ref)
                for ref in CSS_URL.findall(file.read_text(encoding="utf-8"))
                if not ref.startswith("data:")
            ]
    return seen[page_file], sum(seen.values()), compressed


PAGE_LIMIT = 500 * KB
"""Issue 8: opening any page downloads at most 500 KB (cached assets aside)."""


@dataclass
class SiteStats:
    pages: int
    output_bytes: int
    largest_page: tuple[int, str]
    over_limit: int
    """HTML pages larger than PAGE_LIMIT on their own."""


def site_stats(site: Path) -> SiteStats:
    sizes = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return SiteStats(len(sizes), total, max(sizes), sum(1 for size, _ in sizes if size > PAGE_LIMIT))


# -- in the browser -----------------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _CompressingHandler(_QuietHandler):
    """Serves text files gzipped (level 6) to browsers that accept it, over keep-alive connections, as static hosts do."""

    protocol_version = "HTTP/1.1"

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def served(site: Path, *, compress: bool = False) -> Iterator[str]:
    """`site` over local HTTP: files as they are, or with text files gzipped (`compress`) as a static host serves them."""
    handler = functools.partial(_CompressingHandler if compress else _QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@dataclass
class BrowserWeight:
    page_open: int
    """Bytes the browser downloaded to open the page (until the network is idle)."""
    first_search: int
    """Bytes of search files (index, engine) downloaded at open plus everything fetched while searching."""
    search_files: list[str] = field(default_factory=list)
    found: bool = False


def browser_weight(site: Path, page_url: str, word: str, expected_href: str) -> BrowserWeight:
    """Open `page_url` in headless Chromium, then search `word`; count the bytes of every response."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        responses: list[tuple[str, int, bool]] = []
        phase = {"search": False}

        def record(response: object) -> None:
            try:
                size = len(response.body())  # type: ignore[attr-defined]
            except Exception:  # redirects and aborted requests have no body
                size = 0
            responses.append((response.url, size, phase["search"]))  # type: ignore[attr-defined]

        page.on("requestfinished", lambda request: record(request.response()))
        page.goto(base + page_url, wait_until="networkidle")
        phase["search"] = True
        box = page.locator(".md-search__input").first
        if not box.is_visible():  # narrow screens show a search button instead of the box
            page.locator("label.md-header__button[for='__search']").first.click()
        box.fill(word)
        link = page.locator(f".md-search-result__link[href*='{expected_href}']")
        try:
            link.first.wait_for(timeout=30_000)
            found = True
        except Exception:
            found = False
        page.wait_for_load_state("networkidle")
        browser.close()
    searchy = ("search", "pagefind")
    opened = sum(size for _, size, during in responses if not during)
    search = [(url, size) for url, size, during in responses if during or any(s in url for s in searchy)]
    files = sorted({urlsplit(url).path for url, _ in search})
    return BrowserWeight(opened, sum(size for _, size in search), files, found)


# -- live editing -------------------------------------------------------------------------------------------------


def free_port() -> int:
    """A local port nobody listens on (also used by the live preview test)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    """The page at `url`, or None while the server is not answering yet."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its live descendants (Pagefind), from /proc."""
    tree, total = [pid], 0.0
    for current in tree:
        tree += [
            int(child) for task in Path(f"/proc/{current}/task").glob("*") for child in _read(task / "children").split()
        ]
        fields = _read(Path(f"/proc/{current}/stat")).rsplit(")", 1)[-1].split()
        if len(fields) > 12:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


@dataclass
class LiveEdit:
    seconds: list[float]
    """From each save to the served page showing it."""
    cpu_seconds: list[float]
    """CPU time the server and its children spent on each save's rebuild."""


def live_edit_seconds(config_file: Path, case_file: Path, page_url: str, rounds: int = 3) -> LiveEdit:
    """Under `mkdocs serve --dirty` (what `make serve` runs), seconds from saving `case_file` to the served page showing the edit."""
    port = free_port()
    command = [PY, "-m", "mkdocs", "serve", "--dirty", "-f", str(config_file), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, cwd=config_file.parent, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # `mkdocs serve` serves the site under the path of `site_url`, as it will be published.
    prefix = urlsplit(str(synthetic.read_config(config_file).get("site_url") or "/")).path.strip("/")
    url = f"http://127.0.0.1:{port}/{prefix + '/' if prefix else ''}{page_url}"
    original = case_file.read_text(encoding="utf-8")
    times, cpu = [], []
    try:
        deadline = time.monotonic() + 900
        while fetch(url) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(0.5)
        for n in range(rounds):
            marker = f"benchedit{n}word"
            text = re.sub(r"^summary: (.*)$", rf"summary: {marker} \1", original, count=1, flags=re.MULTILINE)
            before = _tree_cpu_seconds(server.pid)
            case_file.write_text(text, encoding="utf-8")
            saved = time.perf_counter()
            while marker not in (fetch(url) or ""):
                if time.perf_counter() - saved > 600:
                    raise SystemExit("the served page never showed the edit")
                time.sleep(0.1)
            times.append(time.perf_counter() - saved)
            time.sleep(3)  # let the server finish the rebuild (the search index comes last) before the next save
            cpu.append(_tree_cpu_seconds(server.pid) - before)
    finally:
        case_file.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return LiveEdit(times, cpu)


# -- one site -----------------------------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    """Column heading: "shipped site (50 case studies)", "1,000 case studies"."""
    size: int
    rounds: int
    """Builds of each kind, alternated; the figures are their medians."""
    plugin: Run
    warm: Run
    """The plugin build again with nothing changed, its cache (`.cache/guidebook`, as `make build` keeps it) filled."""
    plain: Run
    export: Run
    zensical: Run | None
    stats: SiteStats
    plain_stats: SiteStats
    page_html: int
    page_total: int
    browser: BrowserWeight | None

    @property
    def ratio(self) -> float:
        return self.plugin.seconds / self.plain.seconds

    @property
    def warm_ratio(self) -> float:
        """Plain MkDocs keeps nothing between builds: its build with nothing changed is its cold one."""
        return self.warm.seconds / self.plain.seconds


def zensical_build(exported: Path) -> Run | None:
    """Zensical building the export (into `exported/site`: Zensical keeps its site_dir inside the
    project), or None while Zensical is not installed (`pip install -e '.[zensical]'`)."""
    command = shutil.which("zensical", path=str(Path(PY).parent)) or shutil.which("zensical")
    if command is None:
        return None
    return measure([command, "build", "--clean", "--config-file", str(exported / "mkdocs.yml")], exported)


def build_site(label: str, base: Path, work: Path, *, browser_case: tuple[int, str] | None, rounds: int = 3) -> Result:
    """Plugin build (cold, and with nothing changed), export, plain MkDocs (and Zensical) builds of the
    knowledge base at `base`; the plugin and plain builds `rounds` times each, alternated."""
    print(f"== {label}", flush=True)
    config_file = base / "mkdocs.yml"
    name = base.name
    site = work / f"site-{name}"
    exported = work / f"export-{name}"
    plain_site = work / f"plain-site-{name}"
    export = measure([str(Path(PY).parent / "guidebook"), "export", str(exported), "--root", str(base)], base)
    cache = {**ENV, "GUIDEBOOK_CACHE": str(work / f"cache-{name}")}
    shutil.rmtree(work / f"cache-{name}", ignore_errors=True)
    plugin_build = [PY, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d", str(site)]
    measure(plugin_build, base, cache)  # fills the cache
    plugins, warms, plains = [], [], []
    for _ in range(rounds):
        plugins.append(measure(plugin_build, base))
        plains.append(
            measure(
                [PY, "-m", "mkdocs", "build", "-q", "-f", str(exported / "mkdocs.yml"), "-d", str(plain_site)], exported
            )
        )
        warms.append(measure(plugin_build, base, cache))
    plugin, plain, warm = median(plugins), median(plains), median(warms)
    print(
        f"   plugin build {plugin.seconds:.1f} s ({warm.seconds:.1f} s with nothing changed), "
        f"{plugin.peak_rss / KB**2:.0f} MB; plain build {plain.seconds:.1f} s",
        flush=True,
    )
    zensical = zensical_build(exported)
    case_ids = sorted(p.stem for p in (base / "case_studies").glob("*.yml"))
    case_id = browser_case[1] if browser_case else case_ids[len(case_ids) // 2]
    page_url = f"case-studies/{case_id}/"
    page_html, page_total, _ = page_weight(site, page_url)
    weight = None
    if browser_case is not None:
        weight = browser_weight(site, page_url, synthetic.distinctive_word(browser_case[0]), case_id)
        print(
            f"   browser: open {weight.page_open / KB:.0f} KB, first search {weight.first_search / KB:.0f} KB, found={weight.found}",
            flush=True,
        )
    return Result(
        label,
        len(case_ids),
        rounds,
        plugin,
        warm,
        plain,
        export,
        zensical,
        site_stats(site),
        site_stats(plain_site),
        page_html,
        page_total,
        weight,
    )


def synthetic_base(size: int, work: Path) -> tuple[Path, tuple[int, str]]:
    """A generated base of `size` case studies, and the (index, id) of the one from the middle of the listing."""
    base = work / f"kb-{size}"
    synthetic.generate(base, size)
    index = size // 2
    return base, (index, synthetic.case_study_id(index, _country_of(base, index)))


def shipped_base(work: Path) -> Path:
    """A copy of the shipped site (pages, theme overrides, facets and the real case studies)."""
    base = work / "kb-shipped"
    synthetic.generate(base, 0)
    shutil.copytree(ROOT / "case_studies", base / "case_studies", dirs_exist_ok=True)
    return base


def live_edit(base: Path, case_id: str) -> LiveEdit:
    case_file = base / "case_studies" / f"{case_id}.yml"
    live = live_edit_seconds(base / "mkdocs.yml", case_file, f"case-studies/{case_id}/")
    print(f"   live edit: {', '.join(f'{t:.1f}' for t in live.seconds)} s", flush=True)
    return live


def _country_of(base: Path, index: int) -> str:
    word = synthetic.distinctive_word(index)
    (found,) = (base / "case_studies").glob(f"*-{word}.yml")
    return found.stem.split("-")[0].upper()


def page_kinds(base: Path) -> dict[str, str]:
    """One page of each kind of the site at `base`: its address from the site root."""
    from guidebook.model import load_knowledge_base
    from guidebook.render import urls

    kb = load_knowledge_base(base)
    facet, case, country = kb.facets[0], kb.case_studies[len(kb.case_studies) // 2], kb.countries[0]
    pages = {
        "Home": "index.md",
        "Facet": urls.facet_page(facet.id),
        "Checklist": urls.checklist_page(facet.id),
        "Checklists": urls.CHECKLIST_INDEX,
        "Case study": urls.case_study_page(case.id),
        "Case-study browser": urls.CASE_STUDY_INDEX,
        "Countries": urls.COUNTRY_INDEX,
        "Country": urls.country_page(country.code),
        "Tags": urls.TAG_INDEX,
        "Open data": urls.DATA_INDEX,
    }
    return {kind: urls.site_url(path) or "./" for kind, path in pages.items()}


def pdf_seconds(base: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds to typeset every checklist PDF of `base` in this process, cold; and their count."""
    from guidebook.model import load_knowledge_base
    from guidebook.render.pdf import render_pdfs

    kb = load_knowledge_base(base)
    wall, cpu = time.perf_counter(), time.process_time()
    count = len(render_pdfs(kb, "Benchmark", "en"))
    return time.perf_counter() - wall, time.process_time() - cpu, count


# -- report -------------------------------------------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / KB**2:.1f} MB"


def _kb(n: int) -> str:
    return f"{n / KB:.0f} KB"


def table(results: list[Result]) -> str:
    rows: list[tuple[str, Callable[[Result], str]]] = [
        ("Builds of each kind (alternated; medians below)", lambda r: str(r.rounds)),
        ("Plugin build (wall)", lambda r: f"{r.plugin.seconds:.1f} s"),
        ("Plugin build with nothing changed, cache kept (wall)", lambda r: f"{r.warm.seconds:.1f} s"),
        ("Per case study", lambda r: f"{1000 * r.plugin.seconds / r.size:.1f} ms"),
        (
            "CPU time, all processes (plugin build / plain build)",
            lambda r: f"{r.plugin.cpu_seconds:.1f} s / {r.plain.cpu_seconds:.1f} s",
        ),
        ("Peak RSS (plugin build)", lambda r: _mb(r.plugin.peak_rss)),
        ("Peak RSS by process (plugin build, sampled)", lambda r: r.plugin.peaks()),
        ("Plain MkDocs build of the export (wall)", lambda r: f"{r.plain.seconds:.1f} s"),
        ("Peak RSS (plain build)", lambda r: _mb(r.plain.peak_rss)),
        ("Ratio plugin / plain", lambda r: f"{r.ratio:.2f}"),
        ("Ratio plugin / plain, nothing changed", lambda r: f"{r.warm_ratio:.2f}"),
        (
            "CPU time, all processes (nothing changed / plain build)",
            lambda r: f"{r.warm.cpu_seconds:.1f} s / {r.plain.cpu_seconds:.1f} s",
        ),
        (
            "Zensical build of the export (wall)",
            lambda r: f"{r.zensical.seconds:.1f} s" if r.zensical else "n/a (not installed)",
        ),
        ("`guidebook export` (wall)", lambda r: f"{r.export.seconds:.1f} s"),
        ("Pages (HTML files)", lambda r: f"{r.stats.pages:,}"),
        ("Output size", lambda r: _mb(r.stats.output_bytes)),
        ("Largest page (HTML)", lambda r: f"{_kb(r.stats.largest_page[0])} `{r.stats.largest_page[1]}`"),
        ("HTML pages over 500 KB", lambda r: f"{r.stats.over_limit:,}"),
        ("Case study page: HTML", lambda r: _kb(r.page_html)),
        ("Case study page: HTML + referenced assets (cold, uncompressed)", lambda r: _kb(r.page_total)),
        ("Case study page opened in Chromium (cold)", lambda r: _kb(r.browser.page_open) if r.browser else "n/a"),
        ("First search (index + engine + query)", lambda r: _kb(r.browser.first_search) if r.browser else "n/a"),
        (
            "Search finds the case study by its word",
            lambda r: ("yes" if r.browser.found else "NO") if r.browser else "n/a",
        ),
        ("Plain build: output size", lambda r: _mb(r.plain_stats.output_bytes)),
    ]
    head = "| | " + " | ".join(r.label for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]
    lines += ["| " + name + " | " + " | ".join(cell(r) for r in results) + " |" for name, cell in rows]
    return "\n".join(lines)


def machine() -> str:
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    return "\n".join(
        [
            f"- `uname -a`: {' '.join(platform.uname())}",
            f"- CPUs (`nproc`): {os.cpu_count()} ({cpu})",
            f"- Memory: {memory}",
            f"- Python {platform.python_version()}",
        ]
    )


def _folders(paths: list[str]) -> str:
    """`/pagefind/fragment/a.pf_fragment`, ... -> `/pagefind/fragment/ (8 files)`, ...: readable in a table note."""
    counts: dict[str, int] = {}
    for path in paths:
        folder = path.rsplit("/", 1)[0] + "/"
        counts[folder] = counts.get(folder, 0) + 1
    return ", ".join(f"`{folder}` ({count})" for folder, count in sorted(counts.items()))


@dataclass
class Extras:
    """What is measured once per run rather than per size."""

    live: dict[str, LiveEdit]
    """Live editing by site label."""
    weights: dict[str, tuple[int, int, int]]
    """Shipped site: (HTML, with assets, gzipped with assets) by page kind."""
    pdf: tuple[float, float, int] | None
    phone_profile: phone.PhoneRun | None = None
    """Shipped site: largest contentful paint and blocking time by page kind on a phone profile."""


def extras_text(extras: Extras) -> list[str]:
    lines = []
    if extras.live:
        lines += [
            "Live editing under `mkdocs serve --dirty` (`make serve`): three saves of one case study file.",
            "",
            "| Site | Save -> page served with the change | CPU time of the server and its children per save |",
            "|---|---|---|",
        ]
        for label, live in extras.live.items():
            seconds = ", ".join(f"{t:.2f} s" for t in live.seconds)
            lines.append(f"| {label} | {seconds} | {', '.join(f'{t:.2f} s' for t in live.cpu_seconds)} |")
        lines.append("")
    if extras.weights:
        lines += [
            "Page weight by kind, shipped site (cold cache: the page and every file it references; gzip as a host serves it):",
            "",
            "| Page | HTML | With its CSS, JS, images, fonts | Same, gzipped |",
            "|---|---|---|---|",
        ]
        lines += [f"| {kind} | {_kb(h)} | {_kb(t)} | {_kb(z)} |" for kind, (h, t, z) in extras.weights.items()]
        lines.append("")
    if extras.pdf:
        wall, cpu, count = extras.pdf
        lines.append(
            f"Checklist PDFs of the shipped site ({count} files, Typst, in-process, cold): {wall:.2f} s wall, {cpu:.2f} s CPU."
        )
        lines.append("")
    if extras.phone_profile:
        lines += phone.report_lines(extras.phone_profile)
    return lines


def write_report(results: list[Result], extras: Extras, command: str, out: Path) -> None:
    """Replace the generated section of BENCHMARKS.md, keeping the hand-written analysis around it."""
    begin, end = "<!-- bench:results -->", "<!-- /bench:results -->"
    searched = [r for r in results if r.browser]
    search_files = _folders(searched[-1].browser.search_files) if searched and searched[-1].browser else "n/a"
    section = "\n".join(
        [
            begin,
            f"Run on {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} with `{command}`.",
            "",
            machine(),
            "",
            table(results),
            "",
            *extras_text(extras),
            f"Files fetched for the first search at the largest size: {search_files}.",
            end,
        ]
    )
    text = out.read_text(encoding="utf-8") if out.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    out.write_text(head + section + tail, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark guidebook on synthetic knowledge bases; writes BENCHMARKS.md."
    )
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated case study counts")
    parser.add_argument(
        "--live-size", type=int, default=1000, help="synthetic size at which live editing is timed (0: never)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="builds of each kind up to 1,000 case studies (medians); larger sizes: 1"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped site (builds, pages, PDFs)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work", help="where bases and sites are written")
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    results, extras = [], Extras({}, {}, None)
    if not args.no_shipped:
        base = shipped_base(args.work)
        result = build_site(
            f"shipped site ({len(list((base / 'case_studies').glob('*.yml')))} case studies)",
            base,
            args.work,
            browser_case=None,
            rounds=args.rounds,
        )
        results.append(result)
        site = args.work / f"site-{base.name}"
        kinds = page_kinds(base)
        extras.weights = {kind: page_weight(site, url) for kind, url in kinds.items()}
        if not args.no_browser:
            with served(site, compress=True) as address:
                extras.phone_profile = phone.measure(address, kinds)
        extras.pdf = pdf_seconds(base)
        print(f"   PDFs: {extras.pdf[0]:.2f} s wall, {extras.pdf[1]:.2f} s CPU", flush=True)
        extras.live[result.label] = live_edit(base, sorted(p.stem for p in (base / "case_studies").glob("*.yml"))[0])
    for size in sizes:
        base, case = synthetic_base(size, args.work)
        label = f"{size:,} case studies"
        rounds = args.rounds if size <= 1000 else 1
        results.append(
            build_site(label, base, args.work, browser_case=None if args.no_browser else case, rounds=rounds)
        )
        if size == args.live_size:
            extras.live[label] = live_edit(base, case[1])
    if args.live_size and args.live_size not in sizes:
        base, case = synthetic_base(args.live_size, args.work)
        extras.live[f"{args.live_size:,} case studies"] = live_edit(base, case[1])
    print(table(results))
    write_report(results, extras, "python -m bench.run " + " ".join(sys.argv[1:]), args.report)
    print(f"Written to {args.report}")


if __name__ == "__main__":
    main()
