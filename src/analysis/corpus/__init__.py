"""The report corpus: every shipped work report read, one panel of targets and stated outcomes."""
