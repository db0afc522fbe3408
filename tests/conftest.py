"""Test-suite settings.

Property-based tests (hypothesis) run derandomized: the same examples on every run, so CI is
reproducible ("same inputs, same outputs"); run `pytest --hypothesis-profile=explore` to search
new examples locally.
"""

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile("ci")


import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

#: briefings published once per test session, by (region, year, as_of)
_PUBLISHED: dict[tuple, object] = {}


@pytest.fixture(scope="session")
def publish(tmp_path_factory):
    """``publish(region, year, as_of="")`` runs ``python -m analysis briefing`` once per session and
    returns the published ``briefing.html`` (and the run folder beside it)."""
    from analysis import paths

    def run(region: str, year: int, as_of: str = ""):
        key = (region, year, as_of)
        if key not in _PUBLISHED:
            out = tmp_path_factory.mktemp(f"b_{region}_{year}")
            command = [sys.executable, "-m", "analysis", "briefing", "--region", region, "--year", str(year)]
            command += ["--out", str(out)] + (["-p", "as_of", as_of] if as_of else [])
            done = subprocess.run(command, capture_output=True, text=True, cwd=paths.ROOT, timeout=900)
            assert done.returncode == 0, done.stderr[-3000:]
            _PUBLISHED[key] = out / "latest" / "briefing.html"
        return _PUBLISHED[key]

    return run
