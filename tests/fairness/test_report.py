"""Fairness report: figures checked against a ten-row example worked out by hand."""

from __future__ import annotations

import doctest
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from fairness.report import FairnessReport, fairness_report, selection_rate_ratios
from service.cli.fairness_command import fairness_table

# Group a: 2 of 5 selected; 3 negatives, 1 selected (FPR 1/3); 2 positives, 1 missed (FNR 1/2).
# Group b: 4 of 5 selected; 2 negatives, 1 selected (FPR 1/2); 3 positives, none missed (FNR 0).
GROUPS = ["a"] * 5 + ["b"] * 5
Y_TRUE = [1, 1, 0, 0, 0, 1, 1, 1, 0, 0]
Y_PRED = [1, 0, 1, 0, 0, 1, 1, 1, 1, 0]


@pytest.fixture
def report() -> FairnessReport:
    return fairness_report(Y_PRED, Y_TRUE, pd.Series(GROUPS, name="nationality"))


def test_rates_per_group_match_the_hand_computation(report: FairnessReport) -> None:
    table = report.by_group
    assert table.index.tolist() == ["a", "b"]
    assert table["count"].tolist() == [5, 5]
    np.testing.assert_allclose(table["selection_rate"], [0.4, 0.8])
    np.testing.assert_allclose(table["false_positive_rate"], [1 / 3, 1 / 2])
    np.testing.assert_allclose(table["false_negative_rate"], [1 / 2, 0.0])


def test_overall_rates(report: FairnessReport) -> None:
    assert report.overall["count"] == 10
    assert report.overall["selection_rate"] == pytest.approx(0.6)
    assert report.overall["false_positive_rate"] == pytest.approx(2 / 5)
    assert report.overall["false_negative_rate"] == pytest.approx(1 / 5)


def test_comparisons_are_against_the_most_selected_group(report: FairnessReport) -> None:
    assert report.reference_group == "b"
    a = report.by_group.loc["a"]
    assert a["selection_rate_ratio"] == pytest.approx(0.5)
    assert a["selection_rate_difference"] == pytest.approx(-0.4)
    assert a["false_positive_rate_difference"] == pytest.approx(1 / 3 - 1 / 2)
    assert a["false_positive_rate_ratio"] == pytest.approx(2 / 3)
    assert a["false_negative_rate_difference"] == pytest.approx(0.5)
    assert math.isnan(a["false_negative_rate_ratio"]), "reference FNR is 0: ratio undefined"
    b = report.by_group.loc["b"]
    assert b["selection_rate_ratio"] == 1.0
    assert b["selection_rate_difference"] == 0.0


def test_four_fifths_flag(report: FairnessReport) -> None:
    assert report.by_group["four_fifths_flag"].tolist() == [True, False]
    assert report.flagged_groups == ["a"]
    assert report.min_selection_rate_ratio == pytest.approx(0.5)


def test_ratio_of_exactly_four_fifths_is_not_flagged() -> None:
    # a: 4 of 5 selected, b: 5 of 5 -> ratio 0.8
    report = fairness_report([1, 1, 1, 1, 0] + [1] * 5, [1] * 10, GROUPS)
    assert report.by_group.loc["a", "selection_rate_ratio"] == pytest.approx(0.8)
    assert report.flagged_groups == []


def test_json_is_plain_data_with_nulls_for_undefined_rates(report: FairnessReport) -> None:
    data = json.loads(report.to_json())
    assert data["group_column"] == "nationality"
    assert data["reference_group"] == "b"
    assert data["flagged_groups"] == ["a"]
    a = next(g for g in data["groups"] if g["group"] == "a")
    assert a["count"] == 5
    assert a["selection_rate"] == pytest.approx(0.4)
    assert a["false_negative_rate_ratio"] is None
    assert a["four_fifths_flag"] is True
    assert data["max_false_negative_rate_gap"] == pytest.approx(0.5)
    assert data == report.to_dict()


def test_rich_table_shows_groups_and_flag(report: FairnessReport) -> None:
    console = Console(record=True, width=120)
    console.print(fairness_table(report))
    text = console.export_text()
    assert "Staatsangehörigkeit" in text  # the audit field by its German name
    assert "40,0 %" in text and "80,0 %" in text
    assert "auffällig" in text


def test_positive_value_can_be_text() -> None:
    pred = ["ja" if p else "nein" for p in Y_PRED]
    true = ["ja" if t else "nein" for t in Y_TRUE]
    report = fairness_report(pred, true, GROUPS, positive="ja")
    np.testing.assert_allclose(report.by_group["selection_rate"], [0.4, 0.8])


def test_rate_without_denominator_is_undefined_not_zero() -> None:
    # Group b has no negatives: its false positive rate does not exist.
    report = fairness_report([1, 0, 1, 1], [0, 1, 1, 1], ["a", "a", "b", "b"])
    assert math.isnan(report.by_group.loc["b", "false_positive_rate"])
    assert report.to_dict()["groups"][1]["false_positive_rate"] is None


def test_nothing_selected_leaves_ratios_undefined_and_flags_nothing() -> None:
    report = fairness_report([0] * 10, Y_TRUE, GROUPS)
    assert report.reference_group is None
    assert report.by_group["selection_rate_ratio"].isna().all()
    assert report.flagged_groups == []
    assert report.notes


def test_ties_pick_the_first_group_in_sorted_order() -> None:
    report = fairness_report([1, 0, 1, 0], [1, 0, 1, 0], ["z", "z", "m", "m"])
    assert report.reference_group == "m"


def test_selection_rate_ratios_agree_with_the_report(report: FairnessReport) -> None:
    ratios = selection_rate_ratios(np.array(Y_PRED) == 1, GROUPS)
    assert ratios == pytest.approx({"a": 0.5, "b": 1.0})
    assert ratios == pytest.approx(report.by_group["selection_rate_ratio"].to_dict())


def test_selection_rate_ratios_nothing_selected() -> None:
    ratios = selection_rate_ratios(np.zeros(4, dtype=bool), ["a", "a", "b", "b"])
    assert all(math.isnan(v) for v in ratios.values())


def test_selection_rate_ratios_want_booleans() -> None:
    with pytest.raises(TypeError, match="boolean"):
        selection_rate_ratios([1, 0], ["a", "b"])


@pytest.mark.parametrize(
    ("pred", "true", "groups", "message"),
    [
        ([1, 0], [1, 0, 1], ["a", "b"], "same length"),
        ([1, 0], [1, 0], ["a", None], "no group"),
        ([0, 0], [0, 0], ["a", "b"], "occurs neither"),
        ([], [], [], "at least one row"),
    ],
)
def test_bad_input_is_refused_with_a_reason(
    pred: list, true: list, groups: list, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        fairness_report(pred, true, groups)


# ------------------------------------------------------------- triage fairness


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    from service.cli import app as cli_app

    cli_app._register()
    return cli_app.app


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    frame = pd.DataFrame(
        {
            "case_id": [f"C-{i}" for i in range(10)],
            "prioritized": Y_PRED,
            "outcome": Y_TRUE,
            "nationality": GROUPS,
        }
    )
    path = tmp_path / "queue.csv"
    frame.to_csv(path, index=False)
    return path


ARGS = ["--pred", "prioritized", "--label", "outcome", "--group", "nationality"]
#: The hand-computed figures compare with the most selected group, five rows being enough.
HIGHEST = ["--reference", "highest", "--min-group-size", "5"]


def test_cli_json_gives_the_hand_computed_figures(cli: typer.Typer, csv_file: Path) -> None:
    result = CliRunner().invoke(
        cli, ["fairness", str(csv_file), *ARGS, *HIGHEST, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reference_group"] == "b"
    assert data["flagged_groups"] == ["a"]
    rates = {g["group"]: g["selection_rate"] for g in data["groups"]}
    assert rates == pytest.approx({"a": 0.4, "b": 0.8})


def test_cli_table_is_the_default(cli: typer.Typer, csv_file: Path) -> None:
    result = CliRunner().invoke(cli, ["fairness", str(csv_file), *ARGS])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Fairness nach Staatsangehörigkeit" in text
    assert "Prüfung: Vier-Fünftel-Regel" in text and "Gruppen unter 10 Zeilen" in text
    assert text.count("zu klein") == 3  # two groups of five rows and the caption
    assert "keine Gruppe auffällig" in text


def test_cli_compares_with_the_largest_group_or_the_overall_rate(
    cli: typer.Typer, tmp_path: Path
) -> None:
    """a: 40 rows, 10 selected (25 %); b: 20 rows, 10 selected (50 %); c: 4 rows, all selected."""
    rows = [("a", i < 10) for i in range(40)] + [("b", i < 10) for i in range(20)]
    rows += [("c", True)] * 4
    path = tmp_path / "groups.csv"
    path.write_text(
        "p,l,g\n" + "".join(f"{int(p)},{int(p)},{g}\n" for g, p in rows), encoding="utf-8"
    )
    args = ["fairness", str(path), "--pred", "p", "--label", "l", "--group", "g"]
    largest = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    assert largest["reference"] == "largest" and largest["reference_group"] == "a"
    by_group = {g["group"]: g for g in largest["groups"]}
    assert by_group["b"]["selection_rate_ratio"] == pytest.approx(2.0)
    assert largest["flagged_groups"] == ["b"]  # selected twice as often as the largest group
    assert largest["small_groups"] == ["c"] and by_group["c"]["selection_rate_ratio"] is None
    overall = json.loads(
        CliRunner().invoke(cli, [*args, "--reference", "overall", "--format", "json"]).stdout
    )
    assert overall["reference_group"] is None
    rate = 24 / 64
    ratios = {g["group"]: g["selection_rate_ratio"] for g in overall["groups"]}
    assert ratios["a"] == pytest.approx(0.25 / rate) and ratios["b"] == pytest.approx(0.5 / rate)
    table = " ".join(CliRunner().invoke(cli, args).stdout.split())
    assert "Referenz: die größte Gruppe, a" in table and "zu klein" in table


def test_cli_reads_semicolon_csv_and_text_positive(cli: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    lines = ["fall;auswahl;ergebnis;gruppe"] + [
        f"C-{i};{'ja' if p else 'nein'};{'ja' if t else 'nein'};{g}"
        for i, (p, t, g) in enumerate(zip(Y_PRED, Y_TRUE, GROUPS, strict=True))
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["--pred", "auswahl", "--label", "ergebnis", "--group", "gruppe", "--positive", "ja"]
    result = CliRunner().invoke(cli, ["fairness", str(path), *args, *HIGHEST, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["flagged_groups"] == ["a"]


def test_cli_names_a_missing_column_and_suggests_one(cli: typer.Typer, csv_file: Path) -> None:
    args = ["--pred", "prioritized", "--label", "outcom", "--group", "nationality"]
    result = CliRunner().invoke(cli, ["fairness", str(csv_file), *args])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "'--label'" in message
    assert "'outcom'" in message
    assert "Meinten Sie 'outcome'?" in " ".join(message.replace("│", " ").split())


def test_cli_rejects_a_positive_value_that_never_occurs(cli: typer.Typer, csv_file: Path) -> None:
    result = CliRunner().invoke(cli, ["fairness", str(csv_file), *ARGS, "--positive", "yes"])
    assert result.exit_code == 2
    assert "'--positive'" in result.output


def test_cli_reports_empty_cells_by_line(cli: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("p,l,g\n1,1,a\n0,,b\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["fairness", str(path), "--pred", "p", "--label", "l", "--group", "g"]
    )
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "'--label'" in message and "3" in message


def test_docstring_examples_run() -> None:
    import fairness.report

    result = doctest.testmod(fairness.report)
    assert result.attempted > 0
    assert result.failed == 0
