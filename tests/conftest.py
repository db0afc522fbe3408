"""Test-suite settings.

Property-based tests (hypothesis) run derandomized: the same examples on every run, so CI is
reproducible ("same inputs, same outputs"); run `pytest --hypothesis-profile=explore` to search
new examples locally.
"""

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile("ci")
