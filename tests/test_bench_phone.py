"""The phone-profile benchmark serves the site compressed and reports every page it opens (no timing here: see `make bench`)."""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

from bench import phone
from bench.run import page_kinds, page_weight, served

from .conftest import SMALL_KB


def test_text_files_are_served_gzipped_as_a_static_host_does(small_site: Path) -> None:
    with served(small_site, compress=True) as base:
        request = urllib.request.Request(base, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()) == (small_site / "index.html").read_bytes()


def test_each_page_gets_a_row_with_its_paints_and_the_compressed_bytes_it_cost(
    small_site: Path, browser: object
) -> None:
    kinds = page_kinds(SMALL_KB)
    pages = {kind: kinds[kind] for kind in ("Home", "Checklist")}
    with served(small_site, compress=True) as base:
        run = phone.measure(base, pages, loads=1, browser=browser)
    lines = phone.report_lines(run)
    for kind, url in pages.items():
        (load,) = run.pages[kind].loads
        assert 0 < load.fcp <= load.lcp, kind  # the largest paint is never before the first
        assert load.lcp_element, kind
        _, raw, _ = page_weight(small_site, url)
        assert 0 < load.transferred < raw, kind  # compressed on the wire
        assert any(line.startswith(f"| {kind} | ") for line in lines), kind
