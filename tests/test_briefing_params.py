"""Parameter validation and the DAG: every refusal happens before any kernel starts."""

from __future__ import annotations

import time

import pytest
from test_briefing_fixtures import fixture_notebooks

from analysis.briefing import dag, params, pool, runner, shipped
from analysis.errors import InputError


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail the test if any kernel starts."""

    def refuse(self):  # pragma: no cover - must not be reached
        pytest.fail("a kernel was started")

    monkeypatch.setattr(pool.WarmKernel, "start", refuse)


CELL = """\
region: str = "liaoning"  # region key (pinyin)
year: int = 2024  # report year
as_of: str = ""  # ISO date or ""
share: float = 0.5  # a share
strict: bool = False  # a switch
"""


def test_parse_parameters_reads_names_types_defaults_comments():
    declared = params.parse_parameters(CELL)
    assert list(declared) == ["region", "year", "as_of", "share", "strict"]
    assert [p.type for p in declared.values()] == ["str", "int", "str", "float", "bool"]
    assert declared["year"].default == 2024 and declared["strict"].default is False
    assert declared["region"].comment == "region key (pinyin)"


@pytest.mark.parametrize(
    "source, message",
    [
        ('region = "liaoning"  # no annotation', "only `name: type = literal"),
        ('region: str = "liaoning"', "trailing comment"),
        ("seed: int = 2 ** 10  # derived", "must be a literal"),
        ('year: int = "2024"  # wrong type', "does not match the declared type"),
        ("path: list = []  # a list", "type must be one of"),
        ("import os  # no", "only `name: type = literal"),
        ("a: int = 1  # x\na: int = 2  # y", "declared twice"),
    ],
)
def test_malformed_parameters_cells_are_refused(source, message):
    with pytest.raises(InputError, match=message):
        params.parse_parameters(source, file="x.ipynb")


DECLARED = {
    "10_a": params.parse_parameters(
        'region: str = "liaoning"  # r\nyear: int = 2024  # y\noutput_dir: str = "../figures"  # o\n'
    ),
    "20_b": params.parse_parameters(
        'region: str = "liaoning"  # r\nseed: int = 1  # s\n'
        'n_paths: int = 100  # n\nas_of: str = ""  # d\nshare: float = 0.5  # f\n'
        "strict: bool = False  # b\n"
    ),
}


def _validate(**overrides):
    return params.validate(
        DECLARED,
        region="liaoning",
        year=2024,
        overrides=list(overrides.items()),
        runner_values={"output_dir": "figures"},
    )


def test_each_notebook_receives_only_what_it_declares():
    per = _validate(seed="7", as_of="2024-06-30", share="0.25", strict="true")
    assert per["10_a"] == {"region": "liaoning", "year": 2024, "output_dir": "figures"}
    assert per["20_b"] == {"region": "liaoning", "seed": 7, "as_of": "2024-06-30", "share": 0.25, "strict": True}


def test_unknown_parameter_lists_known_names():
    with pytest.raises(InputError, match=r"unknown parameter 'sed'; known: as_of, n_paths, seed, share, strict"):
        _validate(sed="7")


@pytest.mark.parametrize(
    "name, value",
    [
        ("seed", "7.5"),
        ("seed", "seven"),
        ("seed", ""),
        ("n_paths", "0"),
        ("share", "half"),
        ("share", "nan"),
        ("strict", "maybe"),
        ("as_of", "2024-13-01"),
        ("as_of", "30/06/2024"),
        ("as_of", "2024-6-30"),
    ],
)
def test_ill_typed_value_names_parameter_and_value(name, value):
    with pytest.raises(InputError) as err:
        _validate(**{name: value})
    assert repr(name) in str(err.value) and repr(value) in str(err.value)


def test_region_and_year_are_checked_against_vocabulary_and_the_corpus(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="unknown region") as err:
        params.validate(DECLARED, region="atlantis", year=2024, overrides=[])
    assert (err.value.field, err.value.value) == ("region", "atlantis")
    years = shipped.report_years("liaoning")
    assert 2024 in years and 1999 not in years
    message = f"no work report shipped for liaoning 1999; shipped years: {years[0]}-"
    with pytest.raises(InputError, match=message) as err:
        params.validate(DECLARED, region="liaoning", year=1999, overrides=[])
    assert (err.value.field, err.value.value) == ("year", 1999) and err.value.file.name == "reports.csv"
    for name in ("辽宁", "Liaoning", "辽宁省"):  # names are normalised to the key the notebooks receive
        assert params.validate(DECLARED, region=name, year=2024, overrides=[])["10_a"]["region"] == "liaoning"


@pytest.mark.parametrize("region", ["china", "jilin", "dalian", "大连"])
def test_any_region_with_a_report_in_the_corpus_is_accepted_nation_province_or_city(region):
    key = "dalian" if region == "大连" else region
    year = shipped.report_years(key)[-1]
    assert params.validate(DECLARED, region=region, year=year, overrides=[])["10_a"]["region"] == key


def test_the_years_of_a_region_come_from_the_corpus_panel_not_from_file_names(monkeypatch):
    """Which reports exist is what the panel read (the year the text gives), wherever the text is."""
    import pandas as pd

    panel = pd.DataFrame({"region": ["jilin"], "level": ["province"], "year": [1990], "path": ["x/any.txt"]})
    monkeypatch.setattr(shipped, "reports", lambda: panel)
    assert params.validate(DECLARED, region="jilin", year=1990, overrides=[])["10_a"]["region"] == "jilin"
    with pytest.raises(InputError, match="no work report shipped for jilin 2024; shipped years: 1990"):
        params.validate(DECLARED, region="jilin", year=2024, overrides=[])
    with pytest.raises(InputError, match="shipped years: 1990") as err:
        params.check_notebook(region="吉林", year=2024)
    assert err.value.field == "year"


def test_years_are_written_as_runs():
    assert shipped.span([2000, 2001, 2002, 2005, 2007, 2008]) == "2000-2002, 2005, 2007-2008"
    assert shipped.span([]) == ""


@pytest.mark.parametrize("name", ["region", "year", "output_dir"])
def test_runner_owned_names_are_refused_as_p(name):
    with pytest.raises(InputError, match="--region|--year|set by the runner"):
        _validate(**{name: "x"})


def test_one_name_with_two_types_is_refused():
    declared = dict(DECLARED, **{"30_c": params.parse_parameters('seed: str = "a"  # s\n')})
    with pytest.raises(InputError, match="declared as int in one notebook and str in 30_c"):
        params.validate(declared, region="liaoning", year=2024, overrides=[])


def test_unknown_parameter_refused_before_any_kernel_starts(tmp_path, no_kernel):
    notebooks = fixture_notebooks(tmp_path / "nb")
    start = time.perf_counter()
    for overrides in ([("sed", "1")], [("seed", "1.5")], [("as_of", "yesterday")]):
        with pytest.raises(InputError):
            runner.run_briefing(
                region="liaoning", year=2024, overrides=overrides, out=tmp_path / "out", notebooks_dir=notebooks
            )
    assert time.perf_counter() - start < 5
    assert not (tmp_path / "out").exists()  # not even a run folder


def test_cli_exit_code_2_and_message_for_unknown_parameter(tmp_path, monkeypatch, capsys, no_kernel):
    from analysis import cli, paths

    monkeypatch.setattr(paths, "NOTEBOOKS", fixture_notebooks(tmp_path / "nb"))
    code = cli.main(["briefing", "-p", "n_path", "5", "--out", str(tmp_path / "out")])
    assert code == 2
    assert "unknown parameter 'n_path'" in capsys.readouterr().err


# ---------------------------------------------------------------- DAG
def _nb(name):
    return dag.Notebook(name, int(name[:2]), None)


def test_phases_are_independent_and_the_briefing_waits_for_all():
    notebooks = [
        _nb(n)
        for n in (
            "10_indicators",
            "20_track_record",
            "30_feasibility",
            "35_scenarios",
            "40_decomposition",
            "90_briefing",
        )
    ]
    deps = dag.dependencies(notebooks)
    assert all(deps[n.name] == () for n in notebooks[:-1])
    assert deps["90_briefing"] == (
        "10_indicators",
        "20_track_record",
        "30_feasibility",
        "35_scenarios",
        "40_decomposition",
    )
    assert dag.topological_order(deps)[-1] == "90_briefing"


def test_a_cycle_is_refused():
    with pytest.raises(InputError, match="cycle"):
        dag.topological_order({"a": ("b",), "b": ("a",)})


def test_discover_finds_numbered_notebooks_only(tmp_path):
    for name in ("90_briefing", "10_a", "scratch", "2_bad"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    assert [nb.name for nb in dag.discover(tmp_path)] == ["10_a", "90_briefing"]
    with pytest.raises(InputError, match="unknown notebook"):
        dag.select(dag.discover(tmp_path), ["10_b"])


# ---------------------------------------------------------------- bad values found by the audit
YEARS = {
    "40_dec": params.parse_parameters(
        'region: str = "liaoning"  # r\nyear: int = 2024  # y\n'
        "start_year: int = 2001  # first\nend_year: int = 2024  # last\n"
    ),
    "35_scen": params.parse_parameters(
        "end_year: int = 2030  # horizon\nseed: int = 1  # s\nn_paths: int = 100  # n\n"
    ),
}


def test_n_paths_has_the_monte_carlo_upper_bound():
    from analysis.checks import MAX_PATHS

    with pytest.raises(InputError, match="<= 10,000,000") as err:
        _validate(n_paths="10000000000000")
    assert (err.value.field, err.value.value) == ("n_paths", "10000000000000")
    assert _validate(n_paths=str(MAX_PATHS))["20_b"]["n_paths"] == MAX_PATHS


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"start_year": "2030", "end_year": "2001"}, "start_year"),
        ({"end_year": "1800"}, "end_year"),
        ({"start_year": "1900"}, "start_year"),
        ({"end_year": "2101"}, "end_year"),
        ({"start_year": "2030"}, "start_year"),  # after 40_dec's default end_year 2024
        ({"end_year": "2000"}, "end_year"),  # before 40_dec's default start_year 2001
    ],
)
def test_year_parameters_are_in_range_and_ordered_per_notebook(overrides, field):
    with pytest.raises(InputError) as err:
        params.validate(YEARS, region="liaoning", year=2024, overrides=list(overrides.items()))
    assert err.value.field == field and str(err.value.value) == overrides[field]


def test_year_parameters_in_order_pass():
    per = params.validate(YEARS, region="liaoning", year=2024, overrides=[("start_year", "2005"), ("end_year", "2020")])
    assert (per["40_dec"]["start_year"], per["40_dec"]["end_year"], per["35_scen"]["end_year"]) == (2005, 2020, 2020)


def test_as_of_before_the_report_date_is_refused():
    with pytest.raises(InputError, match=r"before the liaoning 2024 report was delivered \(2024-01-23\)") as err:
        _validate(as_of="1990-01-01")
    assert (err.value.field, err.value.value) == ("as_of", "1990-01-01")
    assert _validate(as_of="2024-01-23")["20_b"]["as_of"] == "2024-01-23"


@pytest.mark.parametrize("as_of", ["2099-01-01", "2026-01-01"])
def test_a_far_future_as_of_is_refused_with_the_allowed_range(as_of):
    """The briefing's -p as_of follows the rule of feasibility --as-of (corpus.as_of.parse_as_of)."""
    with pytest.raises(InputError, match=r"allowed 2024-01-23 to 2025-12-31") as err:
        _validate(as_of=as_of)
    assert (err.value.field, err.value.value) == ("as_of", as_of)
    assert "Dec 31 of the year after the target year" in str(err.value)
    assert _validate(as_of="2025-12-31")["20_b"]["as_of"] == "2025-12-31"


def test_a_default_as_of_that_does_not_fit_the_year_is_dropped_and_said(capsys):
    """The shipped Liaoning 2025 report was delivered in 2025: a default as-of of 2024 cannot be its."""
    declared = {"30_f": params.parse_parameters('as_of: str = "2024-10-31"  # date\n')}
    assert params.validate(declared, region="liaoning", year=2025, overrides=[])["30_f"] == {"as_of": ""}
    assert "default as_of 2024-10-31 of 30_f is outside the liaoning 2025 report's range" in capsys.readouterr().err
    with pytest.raises(InputError, match="as_of"):
        params.validate(declared, region="liaoning", year=2025, overrides=[("as_of", "2024-10-31")])
    assert params.validate(declared, region="liaoning", year=2025, overrides=[("as_of", "")])["30_f"] == {"as_of": ""}
    notes: list[str] = []
    params.validate(declared, region="liaoning", year=2025, overrides=[], note=notes.append)
    assert len(notes) == 1 and notes[0].startswith("note: the default as_of 2024-10-31 of 30_f")
    assert "default as_of" not in capsys.readouterr().err  # said to the runner's log, not on stderr


def test_snapshot_must_be_one_the_loader_knows():
    declared = {"20_t": params.parse_parameters('snapshot: str = ""  # raw data snapshot\n')}
    with pytest.raises(InputError, match="unknown snapshot") as err:
        params.validate(declared, region="liaoning", year=2024, overrides=[("snapshot", "nope")])
    assert (err.value.field, err.value.value) == ("snapshot", "nope")
    assert params.validate(declared, region="liaoning", year=2024, overrides=[("snapshot", "")])["20_t"] == {
        "snapshot": ""
    }


def test_report_path_must_be_a_readable_report_and_is_passed_absolute(tmp_path, monkeypatch):
    declared = {"10_i": params.parse_parameters('report_path: str = ""  # path of the report text\n')}
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for bad, words in (
        (str(tmp_path / "nope.txt"), "no such report file"),
        (str(empty), "empty report"),
        (str(tmp_path), "a folder"),
        (" ", "no such report file"),
    ):
        with pytest.raises(InputError, match=words) as err:
            params.validate(declared, region="liaoning", year=2024, overrides=[("report_path", bad)])
        assert (err.value.field, err.value.value) == ("report_path", bad)
    (tmp_path / "r.txt").write_text("今年主要预期目标：地区生产总值增长5%左右。", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    per = params.validate(declared, region="liaoning", year=2024, overrides=[("report_path", "r.txt")])
    assert per["10_i"]["report_path"] == str(tmp_path / "r.txt")  # the kernels run in their own folders
    assert params.validate(declared, region="liaoning", year=2024, overrides=[("report_path", "")])["10_i"] == {
        "report_path": ""
    }


@pytest.mark.parametrize(
    "name, value",
    [
        ("n_paths", "10000000000000"),
        ("seed", "-1"),
        ("start_year", "1800"),
        ("horizon_year", "2101"),
        ("as_of", "1990-01-01"),
        ("snapshot", "nope"),
        ("report_path", "/nonexistent/nope.txt"),
        ("report_path", "EMPTY"),
    ],
)
def test_the_audited_values_exit_2_with_the_real_notebooks_before_any_kernel(
    tmp_path, monkeypatch, capsys, name, value, no_kernel
):
    from analysis import cli

    if value == "EMPTY":
        value = str(tmp_path / "empty.txt")
        (tmp_path / "empty.txt").write_bytes(b"")
    code = cli.main(["briefing", "-p", name, value, "--out", str(tmp_path / "out")])
    assert code == 2
    assert f"field {name!r}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # no run folder


def _briefing_cli(tmp_path, monkeypatch, *argv):
    from analysis import cli, paths

    monkeypatch.setattr(pool.WarmKernel, "start", lambda self: pytest.fail("a kernel was started"))
    monkeypatch.setattr(paths, "NOTEBOOKS", fixture_notebooks(tmp_path / "nb"))
    return cli.main(["briefing", *argv])


@pytest.mark.parametrize("where", ["file", "inside a file"])
def test_out_that_is_a_file_is_refused_naming_out(tmp_path, monkeypatch, capsys, where):
    existing = tmp_path / "somefile"
    existing.write_text("keep me\n", encoding="utf-8")
    out = existing if where == "file" else existing / "sub"
    assert _briefing_cli(tmp_path, monkeypatch, "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert f"field '--out', value {str(out)!r}" in err
    assert existing.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_refused(tmp_path, monkeypatch, capsys, jobs):
    assert _briefing_cli(tmp_path, monkeypatch, "--jobs", jobs, "--out", str(tmp_path / "out")) == 2
    assert f"field '--jobs', value {jobs}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
