"""analysis: read a Chinese provincial government work report with numbers.

Light on import: heavy libraries (pandas, statsmodels, matplotlib) are imported by the
submodules that need them, so ``import analysis`` stays fast.
"""

__version__ = "0.1.0"
