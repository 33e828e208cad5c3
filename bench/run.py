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
At one size (1,000 by default) it also times live editing under `mkdocs serve`: from
saving a case study file to the served page showing the change.

Timing lives here, never in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import html.parser
import http.server
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
from urllib.parse import urljoin, urlsplit

from bench import synthetic

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
KB = 1024


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


def measure(command: list[str], cwd: Path) -> Run:
    """Run `command`, return wall time and its peak RSS; fail loudly if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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


def page_weight(site: Path, page_url: str) -> tuple[int, int]:
    """(bytes of the HTML, bytes of the HTML plus everything it references, each file once)."""
    base = "http://site/"
    page_file = _site_file(site, page_url)
    assert page_file is not None, page_url
    seen: dict[Path, int] = {}
    queue = [urljoin(base, page_url)]
    while queue:
        url = queue.pop()
        if not url.startswith(base):
            continue  # another host: not part of this site's weight (the site loads no third-party files)
        file = _site_file(site, urlsplit(url).path)
        if file is None or file in seen:
            continue
        seen[file] = file.stat().st_size
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
    return seen[page_file], sum(seen.values())


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


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
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


def live_edit_seconds(config_file: Path, case_file: Path, page_url: str, rounds: int = 3) -> list[float]:
    """Under `mkdocs serve`, seconds from saving `case_file` to the served page showing the edit."""
    port = free_port()
    command = [PY, "-m", "mkdocs", "serve", "-f", str(config_file), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, cwd=config_file.parent, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # `mkdocs serve` serves the site under the path of `site_url`, as it will be published.
    prefix = urlsplit(str(synthetic.read_config(config_file).get("site_url") or "/")).path.strip("/")
    url = f"http://127.0.0.1:{port}/{prefix + '/' if prefix else ''}{page_url}"
    original = case_file.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 900
        while fetch(url) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(0.5)
        for n in range(rounds):
            marker = f"benchedit{n}word"
            text = re.sub(r"^summary: (.*)$", rf"summary: {marker} \1", original, count=1, flags=re.MULTILINE)
            case_file.write_text(text, encoding="utf-8")
            saved = time.perf_counter()
            while marker not in (fetch(url) or ""):
                if time.perf_counter() - saved > 600:
                    raise SystemExit("the served page never showed the edit")
                time.sleep(0.1)
            times.append(time.perf_counter() - saved)
            time.sleep(2)  # let the server settle before the next save
    finally:
        case_file.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return times


# -- one size -----------------------------------------------------------------------------------------------------


@dataclass
class Result:
    size: int
    plugin: Run
    plain: Run
    export: Run
    stats: SiteStats
    plain_stats: SiteStats
    page_html: int
    page_total: int
    browser: BrowserWeight | None
    live: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.plugin.seconds / self.plain.seconds


def bench_size(size: int, work: Path, *, browser: bool, live: bool) -> Result:
    print(f"== {size} case studies", flush=True)
    base = work / f"kb-{size}"
    config_file = synthetic.generate(base, size)
    site = work / f"site-{size}"
    plugin = measure([PY, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d", str(site)], base)
    print(f"   plugin build {plugin.seconds:.1f} s, {plugin.peak_rss / KB**2:.0f} MB", flush=True)
    exported = work / f"export-{size}"
    export = measure([str(Path(PY).parent / "guidebook"), "export", str(exported), "--root", str(base)], base)
    plain_site = work / f"plain-site-{size}"
    plain = measure(
        [PY, "-m", "mkdocs", "build", "-q", "-f", str(exported / "mkdocs.yml"), "-d", str(plain_site)], exported
    )
    print(f"   plain build {plain.seconds:.1f} s, {plain.peak_rss / KB**2:.0f} MB", flush=True)
    index = size // 2  # a case study from the middle of the listing
    case_id = synthetic.case_study_id(index, _country_of(base, index))
    page_url = f"case-studies/{case_id}/"
    page_html, page_total = page_weight(site, page_url)
    weight = browser_weight(site, page_url, synthetic.distinctive_word(index), case_id) if browser else None
    if weight is not None:
        print(
            f"   browser: open {weight.page_open / KB:.0f} KB, first search {weight.first_search / KB:.0f} KB, found={weight.found}",
            flush=True,
        )
    times: list[float] = []
    if live:
        case_file = base / "case_studies" / f"{case_id}.yml"
        times = live_edit_seconds(config_file, case_file, page_url)
        print(f"   live edit: {', '.join(f'{t:.1f}' for t in times)} s", flush=True)
    return Result(
        size, plugin, plain, export, site_stats(site), site_stats(plain_site), page_html, page_total, weight, times
    )


def _country_of(base: Path, index: int) -> str:
    word = synthetic.distinctive_word(index)
    (found,) = (base / "case_studies").glob(f"*-{word}.yml")
    return found.stem.split("-")[0].upper()


# -- report -------------------------------------------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / KB**2:.1f} MB"


def _kb(n: int) -> str:
    return f"{n / KB:.0f} KB"


def table(results: list[Result]) -> str:
    rows: list[tuple[str, Callable[[Result], str]]] = [
        ("Plugin build (wall)", lambda r: f"{r.plugin.seconds:.1f} s"),
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
        ("`guidebook export` (wall)", lambda r: f"{r.export.seconds:.1f} s"),
        ("Pages (HTML files)", lambda r: f"{r.stats.pages:,}"),
        ("Output size", lambda r: _mb(r.stats.output_bytes)),
        ("Largest page (HTML)", lambda r: f"{_kb(r.stats.largest_page[0])} `{r.stats.largest_page[1]}`"),
        ("HTML pages over 500 KB", lambda r: f"{r.stats.over_limit:,}"),
        ("Case study page: HTML", lambda r: _kb(r.page_html)),
        ("Case study page: HTML + referenced assets (cold)", lambda r: _kb(r.page_total)),
        ("Case study page opened in Chromium (cold)", lambda r: _kb(r.browser.page_open) if r.browser else "n/a"),
        ("First search (index + engine + query)", lambda r: _kb(r.browser.first_search) if r.browser else "n/a"),
        (
            "Search finds the case study by its word",
            lambda r: ("yes" if r.browser.found else "NO") if r.browser else "n/a",
        ),
        ("Plain build: output size", lambda r: _mb(r.plain_stats.output_bytes)),
        ("Live edit under `mkdocs serve` (save -> page)", lambda r: ", ".join(f"{t:.1f} s" for t in r.live) or "-"),
    ]
    head = "| | " + " | ".join(f"{r.size:,} case studies" for r in results) + " |"
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


def write_report(results: list[Result], command: str, out: Path) -> None:
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
    parser.add_argument("--live-size", type=int, default=1000, help="size at which live editing is timed (0: never)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work", help="where bases and sites are written")
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    results = [bench_size(n, args.work, browser=not args.no_browser, live=n == args.live_size) for n in sizes]
    print(table(results))
    write_report(results, "python -m bench.run " + " ".join(sys.argv[1:]), args.report)
    print(f"Written to {args.report}")


if __name__ == "__main__":
    main()
