"""Parameter validation and the DAG: every refusal happens before any kernel starts."""
from __future__ import annotations

import time

import pytest

from analysis.briefing import dag, params, runner
from analysis.errors import InputError
from test_briefing_fixtures import fixture_notebooks

CELL = '''\
region: str = "liaoning"  # region key (pinyin)
year: int = 2024  # report year
as_of: str = ""  # ISO date or ""
share: float = 0.5  # a share
strict: bool = False  # a switch
'''


def test_parse_parameters_reads_names_types_defaults_comments():
    declared = params.parse_parameters(CELL)
    assert list(declared) == ["region", "year", "as_of", "share", "strict"]
    assert [p.type for p in declared.values()] == ["str", "int", "str", "float", "bool"]
    assert declared["year"].default == 2024 and declared["strict"].default is False
    assert declared["region"].comment == "region key (pinyin)"


@pytest.mark.parametrize("source, message", [
    ('region = "liaoning"  # no annotation', "only `name: type = literal"),
    ('region: str = "liaoning"', "trailing comment"),
    ('seed: int = 2 ** 10  # derived', "must be a literal"),
    ('year: int = "2024"  # wrong type', "does not match the declared type"),
    ('path: list = []  # a list', "type must be one of"),
    ('import os  # no', "only `name: type = literal"),
    ('a: int = 1  # x\na: int = 2  # y', "declared twice"),
])
def test_malformed_parameters_cells_are_refused(source, message):
    with pytest.raises(InputError, match=message):
        params.parse_parameters(source, file="x.ipynb")


DECLARED = {
    "10_a": params.parse_parameters('region: str = "liaoning"  # r\nyear: int = 2024  # y\n'
                                    'output_dir: str = "../figures"  # o\n'),
    "20_b": params.parse_parameters('region: str = "liaoning"  # r\nseed: int = 1  # s\n'
                                    'n_paths: int = 100  # n\nas_of: str = ""  # d\nshare: float = 0.5  # f\n'
                                    'strict: bool = False  # b\n'),
}


def _validate(**overrides):
    return params.validate(DECLARED, region="liaoning", year=2024, overrides=list(overrides.items()),
                           runner_values={"output_dir": "figures"})


def test_each_notebook_receives_only_what_it_declares():
    per = _validate(seed="7", as_of="2024-06-30", share="0.25", strict="true")
    assert per["10_a"] == {"region": "liaoning", "year": 2024, "output_dir": "figures"}
    assert per["20_b"] == {"region": "liaoning", "seed": 7, "as_of": "2024-06-30", "share": 0.25,
                           "strict": True}


def test_unknown_parameter_lists_known_names():
    with pytest.raises(InputError, match=r"unknown parameter 'sed'; known: as_of, n_paths, seed, share, strict"):
        _validate(sed="7")


@pytest.mark.parametrize("name, value", [
    ("seed", "7.5"), ("seed", "seven"), ("seed", ""), ("n_paths", "0"), ("share", "half"),
    ("share", "nan"), ("strict", "maybe"), ("as_of", "2024-13-01"), ("as_of", "30/06/2024"),
    ("as_of", "2024-6-30"),
])
def test_ill_typed_value_names_parameter_and_value(name, value):
    with pytest.raises(InputError) as err:
        _validate(**{name: value})
    assert repr(name) in str(err.value) and repr(value) in str(err.value)


def test_region_and_year_are_checked_against_vocabulary_and_reports(tmp_path, monkeypatch):
    from analysis import paths

    with pytest.raises(InputError, match="unknown region") as err:
        params.validate(DECLARED, region="atlantis", year=2024, overrides=[])
    assert (err.value.field, err.value.value) == ("region", "atlantis")
    with pytest.raises(InputError, match="no work report shipped for liaoning 1999; shipped years: 2024"):
        params.validate(DECLARED, region="liaoning", year=1999, overrides=[])
    for name in ("辽宁", "Liaoning", "辽宁省"):  # names are normalised to the key the notebooks receive
        assert params.validate(DECLARED, region=name, year=2024, overrides=[])["10_a"]["region"] == "liaoning"
    monkeypatch.setattr(paths, "RAW_REPORTS", tmp_path)
    (tmp_path / "2023_jilin.txt").write_text("报告", encoding="utf-8")
    per = params.validate(DECLARED, region="jilin", year=2023, overrides=[])
    assert per["10_a"]["region"] == "jilin"


@pytest.mark.parametrize("name", ["region", "year", "output_dir"])
def test_runner_owned_names_are_refused_as_p(name):
    with pytest.raises(InputError, match="--region|--year|set by the runner"):
        _validate(**{name: "x"})


def test_one_name_with_two_types_is_refused():
    declared = dict(DECLARED, **{"30_c": params.parse_parameters('seed: str = "a"  # s\n')})
    with pytest.raises(InputError, match="declared as int in one notebook and str in 30_c"):
        params.validate(declared, region="liaoning", year=2024, overrides=[])


def test_unknown_parameter_refused_before_any_kernel_starts(tmp_path, monkeypatch):
    import papermill

    def no_kernel(*args, **kwargs):  # pragma: no cover - must not be reached
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    notebooks = fixture_notebooks(tmp_path / "nb")
    start = time.perf_counter()
    for overrides in ([("sed", "1")], [("seed", "1.5")], [("as_of", "yesterday")]):
        with pytest.raises(InputError):
            runner.run_briefing(overrides=overrides, out=tmp_path / "out", notebooks_dir=notebooks)
    assert time.perf_counter() - start < 5
    assert not (tmp_path / "out").exists()  # not even a run folder


def test_cli_exit_code_2_and_message_for_unknown_parameter(tmp_path, monkeypatch, capsys):
    import papermill

    from analysis import cli, paths

    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: pytest.fail("kernel started"))
    monkeypatch.setattr(paths, "NOTEBOOKS", fixture_notebooks(tmp_path / "nb"))
    code = cli.main(["briefing", "-p", "n_path", "5", "--out", str(tmp_path / "out")])
    assert code == 2
    assert "unknown parameter 'n_path'" in capsys.readouterr().err


# ---------------------------------------------------------------- DAG
def _nb(name):
    return dag.Notebook(name, int(name[:2]), None)


def test_phases_are_independent_and_the_briefing_waits_for_all():
    notebooks = [_nb(n) for n in ("10_indicators", "20_track_record", "30_feasibility", "35_scenarios",
                                  "40_decomposition", "90_briefing")]
    deps = dag.dependencies(notebooks)
    assert all(deps[n.name] == () for n in notebooks[:-1])
    assert deps["90_briefing"] == ("10_indicators", "20_track_record", "30_feasibility", "35_scenarios",
                                   "40_decomposition")
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
