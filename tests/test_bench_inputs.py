"""The benchmark's own preparation still runs against the product's API: `make bench`
lives in its own venv (with the Translate Toolkit) and no test of ours ran its code, so
a change of `steps.extract` once left the update rows failing on every page unnoticed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SAMPLE = Path(__file__).resolve().parents[1] / "source" / "solar-grid.html"


@pytest.fixture
def bench_modules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(BENCH))
    yield
    for name in ("bench_update", "bench_build", "bench_extract", "common"):
        sys.modules.pop(name, None)


def test_the_update_rows_prepare_and_merge(bench_modules: None) -> None:
    import bench_update

    case = bench_update.make_case("solar-grid", SAMPLE.read_bytes())
    assert len(case.template) > 5 and "revised" in case.pot_text
    assert bench_update.ours(case) == bench_update.ours_with_parse(case)


def test_the_extract_and_build_rows_run_ours(bench_modules: None) -> None:
    import bench_build
    import bench_extract

    data = SAMPLE.read_bytes()
    assert bench_extract.ours(data, "solar-grid").startswith("# Template")
    catalog = bench_build.our_catalog("solar-grid", data)
    assert b"lang=" in bench_build.ours(data, catalog)
