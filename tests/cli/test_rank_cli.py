"""``triage rank``, ``explain`` and ``rules check`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml

from rules.loading import shipped_rulesets

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "examples.jsonl"


def test_rank_jsonl_is_the_worked_example(cli):
    result = cli("rank", EXAMPLES, "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["rank"], r["case_id"], r["tier"], r["score"]) for r in rows] == [
        (1, "EX-1", "P1", 55),
        (2, "EX-2", "P3", 15),
        (3, "EX-3", "BLOCKED", 40),
    ]
    assert rows[0]["criteria"] == ["VIOLENT", "REPEAT"] and rows[0]["actions"] == ["A_DOCUMENTS"]
    assert rows[2]["blockers"] == ["B_ASYLUM"]


def test_rank_set_overrides_a_parameter(cli):
    result = cli("rank", EXAMPLES, "--as-of", "2026-11-23", "--set", "serious_sentence_months=36")
    rows = {r["case_id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert rows["EX-3"]["criteria"] == [] and rows["EX-3"]["tier"] == "NONE"


def test_rank_set_out_of_range_is_refused_with_the_range(cli, tmp_path):
    out = tmp_path / "q.jsonl"
    result = cli("rank", EXAMPLES, "--set", "repeat_min_convictions=0", "--out", out)
    assert result.exit_code == 1
    assert "liegt außerhalb seines zulässigen Bereichs (erwartet 1 bis 50" in result.stderr
    assert not out.exists()


def test_rank_csv_and_parquet_outputs(cli, tmp_path):
    csv_out, pq_out = tmp_path / "q.csv", tmp_path / "q.parquet"
    assert (
        cli(
            "rank", EXAMPLES, "--as-of", "2026-11-23", "--format", "csv", "--out", csv_out
        ).exit_code
        == 0
    )
    assert (
        cli(
            "rank", EXAMPLES, "--as-of", "2026-11-23", "--format", "parquet", "--out", pq_out
        ).exit_code
        == 0
    )
    frame = pd.read_csv(csv_out)
    assert list(frame["case_id"]) == ["EX-1", "EX-2", "EX-3"]
    assert frame.loc[0, "criteria"] == "VIOLENT,REPEAT"
    assert list(pd.read_parquet(pq_out)["tier"]) == ["P1", "P3", "BLOCKED"]


def test_rank_table(cli):
    result = cli("rank", EXAMPLES, "--as-of", "2026-11-23", "--format", "table")
    assert result.exit_code == 0
    assert "Priorität 1" in result.stdout and "EX-1" in result.stdout
    assert "Schwere Straftat" in result.stdout and "Erforderliche" in result.stdout
    from rules import load_ruleset

    ruleset = load_ruleset()
    ids = [r.id for r in (*ruleset.criteria, *ruleset.blockers, *ruleset.actions)]
    shown = [i for i in [*ids, *ruleset.tier_ids] if f" {i} " in result.stdout.replace(",", " ")]
    assert shown == []  # rule and tier ids only in jsonl, csv and parquet
    english = cli("rank", EXAMPLES, "--as-of", "2026-11-23", "--format", "table", "--lang", "en")
    assert "Priority 1" in english.stdout and "Required steps" in english.stdout
    assert "Priorität" not in english.stdout


def test_rank_out_is_honoured_or_refused_for_every_format(cli, tmp_path):
    for fmt in ("jsonl", "csv", "parquet", "table"):
        target = tmp_path / f"queue.{fmt}"
        result = cli("rank", EXAMPLES, "--as-of", "2026-11-23", "--format", fmt, "--out", target)
        assert result.exit_code == 0, (fmt, result.output)
        assert result.stdout == "" and target.stat().st_size > 0, fmt
        assert "Fallliste mit 3 Fällen geschrieben" in result.stderr
    assert "Priorität 1" in (tmp_path / "queue.table").read_text(encoding="utf-8")
    refused = cli("rank", EXAMPLES, "--as-of", "2026-11-23", "--format", "parquet")
    assert refused.exit_code == 2 and "--out" in refused.output and refused.stdout == ""
    assert "Parquet ist ein Binärformat" in " ".join(refused.output.split())


def test_invalid_input_exits_1_lists_errors_and_writes_nothing(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    lines = EXAMPLES.read_text().splitlines()
    first = json.loads(lines[0])
    first["asylum_pending"] = "yes"
    first["offences"][0]["sentence_months"] = -1
    bad.write_text("\n".join([json.dumps(first), *lines[1:], lines[1]]) + "\n")
    out = tmp_path / "q.jsonl"
    result = cli("rank", bad, "--out", out)
    assert result.exit_code == 1
    assert "EX-3" in result.stderr and "asylum_pending" in result.stderr
    assert "offences[0].sentence_months" in result.stderr
    assert "case_id doppelt" in result.stderr
    assert not out.exists()


def test_bad_as_of_names_the_option(cli):
    result = cli("rank", EXAMPLES, "--as-of", "2026-13-01")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr and "2026-13-01" in result.stderr


def test_explain_text_and_json(cli):
    text = cli("explain", EXAMPLES, "EX-1", "--as-of", "2026-11-23")
    assert text.exit_code == 0
    assert text.stdout.startswith("Aktenvermerk") and "Einstufung: Priorität 1 · " in text.stdout
    data = json.loads(
        cli(
            "explain", EXAMPLES, "EX-3", "--as-of", "2026-11-23", "--format", "json", "--lang", "en"
        ).stdout
    )
    assert data["tier"] == "BLOCKED" and data["lang"] == "en"
    assert [b["id"] for b in data["blockers"]] == ["B_ASYLUM"]


def test_explain_unknown_case_suggests(cli):
    result = cli("explain", EXAMPLES, "EX-4")
    assert result.exit_code == 1 and "steht nicht in" in result.stderr


def test_explain_region_checks_the_cases_region(cli):
    """Ids are unique within a region only; in one file (one import) they are unique, so
    --region is never needed there, and checks the case's region when given."""
    mine = cli("explain", EXAMPLES, "EX-1", "--as-of", "2026-11-23", "--region", "koeln")
    assert mine.exit_code == 0 and "Bezirksregierung" in mine.stdout
    other = cli("explain", EXAMPLES, "EX-1", "--region", "duesseldorf")
    assert other.exit_code == 1
    assert "gehört in" in other.stderr and "nicht zu duesseldorf" in other.stderr
    unknown = cli("explain", EXAMPLES, "EX-1", "--region", "berlin")
    assert unknown.exit_code == 2 and "--region" in unknown.stderr


def test_rules_check_ok_and_broken(cli, tmp_path):
    ok = cli("rules", "check", shipped_rulesets()["amit-nrw-default"])
    assert ok.exit_code == 0 and "In Ordnung: amit-nrw-default v1" in ok.stdout
    doc = yaml.safe_load(shipped_rulesets()["amit-nrw-default"].read_text())
    doc["criteria"][0]["when"] = {"fact": "serious_convictons", "ge": 1}
    doc["blockers"][0]["when"] = {"field": "sex", "eq": "m"}
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    bad = cli("rules", "check", path)
    assert bad.exit_code == 1
    assert "SERIOUS: criteria.SERIOUS.when.fact: unbekannte abgeleitete Größe" in bad.stderr
    assert "meinten Sie „serious_convictions“?" in bad.stderr
    assert "B_ASYLUM" in bad.stderr and "„sex“ ist ein reines Auditfeld" in bad.stderr
    assert "2 Probleme in" in bad.stderr and "das Regelwerk ist nicht verwendbar" in bad.stderr
    english = cli("rules", "check", path, "--lang", "en")
    assert english.exit_code == 1
    assert "SERIOUS: criteria.SERIOUS.when.fact: unknown derived fact" in english.stderr
    assert "did you mean “serious_convictions”?" in english.stderr
    assert "Fehler" not in english.stderr and "erwartet" not in english.stderr


def test_rules_check_reports_a_flag_cycle_with_exit_1(cli, tmp_path):
    doc = yaml.safe_load(shipped_rulesets()["amit-nrw-default"].read_text())
    doc["flags"]["aMIT"]["when"] = {"all": [doc["flags"]["aMIT"]["when"], {"flag": "ENFORCEABLE"}]}
    doc["flags"]["ENFORCEABLE"]["when"] = {"flag": "aMIT"}
    path = tmp_path / "cycle.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("rules", "check", path)
    assert result.exit_code == 1
    assert "aMIT: flags.aMIT.when: Regeln verweisen im Kreis aufeinander" in result.stderr
    assert "aMIT → ENFORCEABLE → aMIT" in result.stderr


def test_rank_jsonl_is_valid_json_for_a_case_without_events(cli, tmp_path):
    first = json.loads(EXAMPLES.read_text(encoding="utf-8").splitlines()[0])
    quiet = {**first, "case_id": "NO-EVENTS", "offences": [], "incidents": []}
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(quiet) + "\n", encoding="utf-8")

    def refuse(constant: str) -> None:
        raise AssertionError(f"not valid JSON: {constant}")

    for engine in ("batch", "durable"):
        result = cli("rank", path, "--as-of", "2026-11-23", "--engine", engine)
        assert result.exit_code == 0, result.stderr
        (row,) = [json.loads(line, parse_constant=refuse) for line in result.stdout.splitlines()]
        assert row["case_id"] == "NO-EVENTS" and row["latest_event"] is None


def test_the_jsonl_queue_is_json_dumps_of_every_row():
    from datetime import date

    from cases.generator import generate_frames
    from rules import load_ruleset
    from rules.engines import rank_with
    from service.cli.rank_commands import queue_jsonl, queue_records

    day = date(2026, 11, 23)
    frame = rank_with("batch", generate_frames(3000, seed=5, as_of=day), load_ruleset(), day)
    expected = "".join(
        json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in queue_records(frame)
    )
    assert queue_jsonl(frame) == expected
    assert any(r["latest_event"] is None for r in queue_records(frame))


def test_id_lists_are_grouped_by_content_whether_or_not_rows_share_the_list_object():
    """Equal lists that are distinct objects get one code; shared objects are not required."""
    import pandas as pd

    from service.cli.rank_commands import queue_jsonl

    shared = ["SERIOUS", "REPEAT"]
    lists = [shared, ["SERIOUS", "REPEAT"], [], shared, ["SOCIAL"], []]
    frame = pd.DataFrame(
        {
            "rank": range(1, 7),
            "case_id": [f"C{i}" for i in range(6)],
            "tier": ["P1"] * 6,
            "score": [1] * 6,
            "criteria": pd.Series(lists, dtype=object),
        }
    )
    rows = [json.loads(line) for line in queue_jsonl(frame).splitlines()]
    assert [row["criteria"] for row in rows] == [list(v) for v in lists]
