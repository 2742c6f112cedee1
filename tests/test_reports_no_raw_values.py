"""No output ever holds a planted identifier unless --show-values asks for it (and SARIF/Markdown never do)."""

import pytest
from click.testing import CliRunner
from report_samples import FNR, PLANTED, write_exports

from scanner.cli import main

FORMATS = ("json", "html", "sarif", "markdown")


def _outputs(tmp_path, *extra: str) -> tuple[dict[str, str], str]:
    exports = write_exports(tmp_path / "in")
    args = ["scan", str(exports), "--output-dir", str(tmp_path / "out"), "--explain", *extra]
    for name in FORMATS:
        args += ["--format", name]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    texts = {path.suffix: path.read_text(encoding="utf-8") for path in (tmp_path / "out").iterdir()}
    assert sorted(texts) == [".html", ".json", ".md", ".sarif"]
    return texts, result.output


def test_no_format_and_no_terminal_line_holds_a_planted_value(tmp_path):
    texts, terminal = _outputs(tmp_path)
    CliRunner().invoke(
        main,
        [
            "baseline",
            "create",
            str(tmp_path / "out" / "ccscan-report.json"),
            "-o",
            str(tmp_path / "baseline.json"),
        ],
    )
    diff = CliRunner().invoke(
        main,
        ["diff", str(tmp_path / "out" / "ccscan-report.json"), str(tmp_path / "out" / "ccscan-report.json")],
    )
    texts |= {"terminal": terminal, "baseline": (tmp_path / "baseline.json").read_text(), "diff": diff.output}
    leaks = {name: [value for value in PLANTED if value in text] for name, text in texts.items()}
    assert leaks == {name: [] for name in texts}


@pytest.mark.parametrize(
    ("suffix", "shown"), [(".json", True), (".html", True), (".sarif", False), (".md", False)]
)
def test_show_values_puts_raw_values_only_where_examples_belong(tmp_path, suffix, shown):
    texts, _ = _outputs(tmp_path, "--show-values")
    assert (FNR in texts[suffix]) is shown
