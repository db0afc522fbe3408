# %% [markdown]
# # 50 state (test fixture)
# Prints the state a notebook finds in its kernel, then changes it all. Run twice in one warm kernel,
# the second run must print what the first printed (and what a fresh kernel prints): nothing the
# first run left - names, environment, working directory, sys.path, matplotlib and pandas settings,
# open figures, warnings already shown - may reach it.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin)

# %%
import os
import sys

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis import figures

print("names left over:", [name for name in ("leftover", "frame", "empty_mean") if name in globals()])
print("output history:", len(Out))
print("environment left over:", os.environ.get("STATE_LEFTOVER"))
print("working directory holds:", sorted(os.listdir(".")))
print("sys.path left over:", "leftover-path" in sys.path)
print("line width:", mpl.rcParams["lines.linewidth"], "font:", mpl.rcParams["font.sans-serif"][:1])
print("pandas max rows:", pd.get_option("display.max_rows"))
print("open figures:", plt.get_fignums())
print("palette:", figures.palette("roles")["observed"])

# %%
empty_mean = np.mean(np.array([]))  # numpy warns (RuntimeWarning) in every fresh kernel; no result beside
# the warning, whose stream may otherwise arrive before or after it

# %%
frame = pd.DataFrame({"region": [region], "value": [1.5]})
frame

# %%
leftover = 1
os.environ["STATE_LEFTOVER"] = "1"
sys.path.append("leftover-path")
mpl.rcParams["lines.linewidth"] = 9.0
mpl.rcParams["font.sans-serif"] = ["DejaVu Serif"]
pd.set_option("display.max_rows", 3)
plt.figure()
os.chdir("..")
