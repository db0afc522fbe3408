"""Models: feasibility of targets, scenarios, growth decomposition. Return frames; no figures."""
