"""`make bench` rewrites the figures section of docs/benchmarks.md, and nothing else of it."""

import pytest

from contract_tests.fakes.scripts import load_script


def _docs():
    return load_script("bench_docs")


def test_the_benchmarks_page_has_one_figures_section_between_its_markers():
    docs = _docs()
    page = docs.PAGE.read_text(encoding="utf-8")

    assert page.count(docs.START) == 1
    assert page.count(docs.END) == 1
    assert page.index(docs.START) < page.index(docs.END)


def test_a_new_report_replaces_the_figures_and_keeps_the_prose_and_history_around_them():
    docs = _docs()
    page = docs.PAGE.read_text(encoding="utf-8")
    report = ["# Benchmark: the mock's validated create call", "", "| a | b |", "## SDK", "x"]

    updated = docs.replace_figures(page, report)

    before, _, rest = page.partition(docs.START)
    _, _, after = rest.partition(docs.END)
    assert updated.startswith(before)
    assert updated.endswith(after)
    figures = updated.split(docs.START)[1].split(docs.END)[0]
    assert figures.strip().splitlines() == [
        "### Benchmark: the mock's validated create call", "", "| a | b |", "#### SDK", "x",
    ]  # fmt: skip
    assert docs.replace_figures(updated, report) == updated


def test_writing_the_figures_rewrites_the_page_in_place(tmp_path):
    docs = _docs()
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# B\n\nprose\n\n{docs.START}\nold figures\n{docs.END}\n\nhistory\n")

    docs.write_figures(["new figures"], page)

    assert page.read_text() == f"# B\n\nprose\n\n{docs.START}\nnew figures\n{docs.END}\n\nhistory\n"


@pytest.mark.parametrize(
    "page", ["no markers", "<!-- bench:figures:end --> <!-- bench:figures:start -->"]
)
def test_a_page_without_both_markers_in_order_is_refused_rather_than_appended_to(page):
    with pytest.raises(ValueError, match="lacks the markers"):
        _docs().replace_figures(page, ["figures"])
