"""Largest contentful paint and total blocking time of a built site on a mid-range phone profile.

Issue 14 asks for LCP <= 2.5 s and TBT <= 200 ms on a mid-range phone, with the site
compressed as any static host serves it. This module opens each page cold in headless
Chromium the way Lighthouse's mobile defaults do when throttling is applied in the browser
(`--throttling-method=devtools`; Lighthouse's `core/config/constants.js`):

- the screen of a Moto G Power (412 x 823 CSS pixels, device scale 1.75, touch) and its user agent;
- the CPU slowed 4x (`Emulation.setCPUThrottlingRate`);
- "Slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) applied per request with
  Lighthouse's corrections for request-level throttling, which has no connection set-up to
  slow down: 562.5 ms latency per request (3.75 round trips), 90 % of the throughput
  (`Network.emulateNetworkConditions`);
- the HTTP cache disabled and a new browser context (no cookies, storage or cache) per load.

Largest contentful paint is the last `largest-contentful-paint` entry. Total blocking time is
Lighthouse's: the sum, over `longtask` entries each clipped to [first contentful paint, time
to interactive], of the time beyond 50 ms; time to interactive is the start of the first 5 s
window at or after FCP with no long task and at most 2 requests in flight (the end of the last
long task before it, or FCP), and not before DOMContentLoaded.

The serving (gzip for text files, keep-alive) is `bench.run.served(site, compress=True)`;
this module only needs its base address. Figures are medians of `LOADS` cold loads per page,
the pages taken in turn so that a burst of load on the shared machine hits every page alike.
Timing lives here and in BENCHMARKS.md, never in the test suite.

`python -m bench.phone SITE_DIR [--root KB_ROOT]` measures a built site's page kinds
(`bench.run.page_kinds`) and prints the table that `make bench` writes into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

LOADS = 3
LCP_TARGET_MS = 2500.0
TBT_TARGET_MS = 200.0
BLOCKING_THRESHOLD_MS = 50.0
"""A task blocks input for whatever it runs beyond 50 ms (Lighthouse, web.dev)."""
QUIET_WINDOW_MS = 5000.0
"""Time to interactive: the start of the first 5 s after first contentful paint with no long task and at most 2 requests in flight."""
SETTLE_SECONDS = 5.25
"""How long a load must stay quiet before it is read (Lighthouse's thresholds when it throttles in the browser)."""
LOAD_TIMEOUT_SECONDS = 120.0

WIDTH, HEIGHT = 412, 823
"""CSS pixels of the Moto G Power that Lighthouse emulates."""
DEVICE_SCALE = 1.75
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36"
)
CPU_SLOWDOWN = 4
NETWORK = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": int(1.6 * 1024 * 0.9 * 1024 / 8),
    "uploadThroughput": int(750 * 0.9 * 1024 / 8),
    "connectionType": "cellular4g",
}
"""Lighthouse's `mobileSlow4G` as it applies it in the browser: bytes per second, milliseconds."""

OBSERVERS = """
(() => {
  if (window !== window.top) return;
  const seen = (window.__phone = { fcp: null, lcp: null, longTasks: [] });
  const describe = (element) => {
    if (!element) return "(removed)";
    const id = element.id ? "#" + element.id : "";
    const cls = element.classList.length ? "." + [...element.classList].slice(0, 2).join(".") : "";
    return element.tagName.toLowerCase() + id + cls;
  };
  const watch = (type, note) =>
    new PerformanceObserver((list) => list.getEntries().forEach(note)).observe({ type, buffered: true });
  watch("paint", (e) => { if (e.name === "first-contentful-paint") seen.fcp = e.startTime; });
  watch("largest-contentful-paint", (e) => { seen.lcp = { time: e.startTime, size: e.size, element: describe(e.element) }; });
  watch("longtask", (e) => seen.longTasks.push([e.startTime, e.startTime + e.duration]));
})();
"""
"""Installed before any of the page's own scripts run, so no paint or long task is missed."""

HOST_SPEED = """
() => {
  const rate = (step) => {
    const start = Date.now();
    let rounds = 0;
    while (rounds % 10 !== 0 || Date.now() - start < 500) { step(rounds); rounds++; }
    return rounds / 10 / ((Date.now() - start) / 1000);
  };
  const strings = rate(() => { let text = ""; for (let i = 0; i < 10000; i++) text += "a"; if (text.length === 1) throw 0; });
  const one = Array.from({ length: 100000 }, (_, i) => i), other = [...one];
  const arrays = rate((n) => { const [from, to] = n % 2 ? [other, one] : [one, other]; for (let i = 0; i < from.length; i++) to[i] = from[i]; });
  return (strings + arrays) / 2;
}
"""
"""Lighthouse's BenchmarkIndex (core/lib/page-functions.js), written again: building strings and copying arrays for 0.5 s each.

Lighthouse's 4x slowdown models its mid-tier phone on a host scoring about 1,500 (its
CPU-throttling calculator); on a slower host the same 4x models a slower phone."""

READ = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const requests = [[nav.startTime, nav.responseEnd],
                    ...performance.getEntriesByType("resource").map((r) => [r.startTime, r.responseEnd])];
  return { ...window.__phone, requests, domContentLoaded: nav.domContentLoadedEventEnd };
}
"""


@dataclass(frozen=True)
class Load:
    """One cold load of one page; times in milliseconds from the start of navigation."""

    fcp: float
    lcp: float
    tbt: float
    interactive: float
    """Time to interactive: where the window in which blocking time counts ends."""
    transferred: int
    """Bytes on the wire (headers included, compressed bodies), from Chromium's network events."""
    lcp_element: str


@dataclass(frozen=True)
class PageFigures:
    url: str
    loads: list[Load]

    def median(self, name: str) -> float:
        return float(statistics.median(getattr(load, name) for load in self.loads))

    @property
    def meets_targets(self) -> bool:
        return self.median("lcp") <= LCP_TARGET_MS and self.median("tbt") <= TBT_TARGET_MS


@dataclass(frozen=True)
class PhoneRun:
    pages: dict[str, PageFigures]
    """By page kind."""
    load_average: str
    """/proc/loadavg before and after the run: the CPU slowdown multiplies whatever the shared machine leaves."""
    chromium: str
    host_speed: float
    """BenchmarkIndex of this host's Chromium, unthrottled, median of 3."""
    loads: int
    """Cold loads per page."""
    cpu_slowdown: float


def interactive(
    fcp: float, dom_content_loaded: float, long_tasks: list[list[float]], requests: list[list[float]]
) -> float:
    """Time to interactive as Lighthouse defines it.

    The first window of `QUIET_WINDOW_MS` starting at or after first contentful paint with no
    long task and never more than 2 requests in flight; interactive is its start (the end of
    the last long task before it, or FCP), and never before DOMContentLoaded. If the load was
    read before such a window closed, the end of the last long task."""
    candidates = [fcp] + sorted(end for _, end in long_tasks if end > fcp)
    for start in candidates:
        end = start + QUIET_WINDOW_MS
        if any(task_start < end and task_end > start for task_start, task_end in long_tasks):
            continue
        moments = [start] + [begin for begin, _ in requests if start < begin < end]
        if all(sum(1 for begin, finish in requests if begin <= moment < finish) <= 2 for moment in moments):
            return max(start, dom_content_loaded)
    return max(candidates[-1], dom_content_loaded)


def blocking_time(long_tasks: list[list[float]], start: float, end: float) -> float:
    """Total blocking time: for each long task, clipped to [start, end], its time beyond 50 ms.

    Lighthouse's window is [first contentful paint, time to interactive]; a task that began
    before FCP counts only from FCP on (`calculateSumOfBlockingTime` in Lighthouse)."""
    total = 0.0
    for task_start, task_end in long_tasks:
        clipped = min(task_end, end) - max(task_start, start)
        total += max(0.0, clipped - BLOCKING_THRESHOLD_MS)
    return total


def _settle(page: Page, in_flight: set[str]) -> None:
    """Wait until the page has had `SETTLE_SECONDS` with no new long task and at most 2 requests in flight."""
    deadline = time.monotonic() + LOAD_TIMEOUT_SECONDS
    busy_until, tasks_seen = time.monotonic(), 0
    while time.monotonic() - busy_until < SETTLE_SECONDS and time.monotonic() < deadline:
        page.wait_for_timeout(250)  # lets Playwright deliver the CDP network events meanwhile
        tasks = int(page.evaluate("window.__phone.longTasks.length"))
        if tasks != tasks_seen or len(in_flight) > 2:
            busy_until, tasks_seen = time.monotonic(), tasks


def cold_load(browser: Browser, url: str, cpu_slowdown: float = CPU_SLOWDOWN) -> Load:
    """Open `url` once in a fresh phone context with the CPU and network throttled; read its figures when it is quiet."""
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        screen={"width": WIDTH, "height": HEIGHT},
        device_scale_factor=DEVICE_SCALE,
        is_mobile=True,
        has_touch=True,
        user_agent=USER_AGENT,
    )
    try:
        context.add_init_script(OBSERVERS)
        page = context.new_page()
        cdp = page.context.new_cdp_session(page)
        in_flight: set[str] = set()
        transferred = [0]

        def finished(event: dict[str, Any]) -> None:
            in_flight.discard(event["requestId"])
            transferred[0] += int(event.get("encodedDataLength", 0))

        cdp.on("Network.requestWillBeSent", lambda event: in_flight.add(event["requestId"]))
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", lambda event: in_flight.discard(event["requestId"]))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_SECONDS * 1000)
        _settle(page, in_flight)
        seen = page.evaluate(READ)
    finally:
        context.close()
    if seen["fcp"] is None or seen["lcp"] is None:
        raise SystemExit(f"{url}: Chromium reported no first contentful paint or largest contentful paint")
    fcp, tasks = float(seen["fcp"]), seen["longTasks"]
    until = interactive(fcp, float(seen["domContentLoaded"]), tasks, seen["requests"])
    return Load(
        fcp=fcp,
        lcp=float(seen["lcp"]["time"]),
        tbt=blocking_time(tasks, fcp, until),
        interactive=until,
        transferred=transferred[0],
        lcp_element=str(seen["lcp"]["element"]),
    )


def chromium_path() -> str:
    """Debian's Chromium, as the tests use it (`CHROMIUM` overrides)."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def measure(
    base_url: str,
    pages: dict[str, str],
    loads: int = LOADS,
    cpu_slowdown: float = CPU_SLOWDOWN,
    browser: Any = None,
) -> PhoneRun:
    """Load every page of `pages` (kind -> address under `base_url`) `loads` times cold, in turns,
    in `browser` (a running Playwright browser, such as the tests' one), else in Debian's Chromium."""
    if browser is not None:
        return _measure(browser, base_url, pages, loads, cpu_slowdown)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        try:
            return _measure(launched, base_url, pages, loads, cpu_slowdown)
        finally:
            launched.close()


def _measure(browser: Any, base_url: str, pages: dict[str, str], loads: int, cpu_slowdown: float) -> PhoneRun:
    before = Path("/proc/loadavg").read_text().split()[:3]
    figures: dict[str, list[Load]] = {kind: [] for kind in pages}
    version = browser.version
    blank = browser.new_page()
    host_speed = statistics.median(float(blank.evaluate(HOST_SPEED)) for _ in range(3))
    blank.close()
    for round_ in range(loads):
        for kind, address in pages.items():
            load = cold_load(browser, base_url + address, cpu_slowdown)
            figures[kind].append(load)
            print(
                f"   phone {round_ + 1}/{loads} {kind}: LCP {load.lcp:.0f} ms, TBT {load.tbt:.0f} ms, "
                f"FCP {load.fcp:.0f} ms, {load.transferred / 1024:.0f} KB",
                flush=True,
            )
    after = Path("/proc/loadavg").read_text().split()[:3]
    load_average = f"{' '.join(before)} before, {' '.join(after)} after"
    pages_figures = {kind: PageFigures(pages[kind], runs) for kind, runs in figures.items()}
    return PhoneRun(pages_figures, load_average, version, host_speed, loads, cpu_slowdown)


def report_lines(run: PhoneRun) -> list[str]:
    """The BENCHMARKS.md table: medians per page kind, against the issue's targets."""
    lines = [
        f"Phone profile (`bench/phone.py`): median of {run.loads} cold loads per page of the shipped site, gzip as a "
        f"static host serves it; Chromium {run.chromium}, Moto G Power screen, CPU slowed {run.cpu_slowdown:g}x "
        f"(host BenchmarkIndex {run.host_speed:.0f}, so about {run.host_speed / run.cpu_slowdown:.0f} throttled), "
        "Lighthouse's Slow 4G applied per request (562.5 ms latency, 1.44 Mbit/s down); "
        f"load average (1, 5, 15 min) {run.load_average}.",
        "",
        "| Page | Largest contentful paint (<= 2.5 s) | Total blocking time (<= 200 ms) | First contentful paint "
        "| Transferred | Largest element | Met? |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, page in run.pages.items():
        elements = sorted({load.lcp_element for load in page.loads})
        lines.append(
            f"| {kind} | {page.median('lcp') / 1000:.2f} s | {page.median('tbt'):.0f} ms "
            f"| {page.median('fcp') / 1000:.2f} s | {page.median('transferred') / 1024:.0f} KB "
            f"| `{'`, `'.join(elements)}` | {'yes' if page.meets_targets else '**no**'} |"
        )
    lines.append("")
    return lines


def main() -> None:
    from bench.run import ROOT, page_kinds, served

    parser = argparse.ArgumentParser(description="LCP and TBT of a built site's page kinds on a phone profile.")
    parser.add_argument("site", type=Path, help="the built site folder (mkdocs build -d SITE)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the knowledge base the site was built from")
    parser.add_argument("--only", default="", help="comma-separated page kinds (default: all)")
    parser.add_argument("--loads", type=int, default=LOADS)
    parser.add_argument(
        "--cpu",
        type=float,
        default=CPU_SLOWDOWN,
        help="CPU slowdown (Lighthouse: 4 on a host whose BenchmarkIndex is about 1,500)",
    )
    args = parser.parse_args()
    pages = page_kinds(args.root)
    if args.only:
        pages = {kind: url for kind, url in pages.items() if kind in args.only.split(",")}
    with served(args.site, compress=True) as base:
        run = measure(base, pages, args.loads, args.cpu)
    print("\n".join(report_lines(run)))


if __name__ == "__main__":
    main()
