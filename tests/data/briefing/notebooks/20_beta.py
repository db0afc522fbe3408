# %% [markdown]
# # 20 beta (test fixture)
# A second, independent phase notebook: seeded draws, so two runs give the same bytes.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin)
as_of: str = ""  # ISO date or "" (all data)
seed: int = 20240123  # random seed
n_paths: int = 200  # number of simulated paths
output_dir: str = "../figures"  # where figures and tables go

# %%
import numpy as np
import pandas as pd

from analysis import figures

rng = np.random.default_rng(seed)
draws = pd.DataFrame({"path": range(n_paths), "value": rng.standard_normal(n_paths).cumsum()})

# %%
fig, ax = figures.new_figure("模拟路径", unit="百分点")
ax.plot(draws["path"], draws["value"], color=figures.palette("roles")["projection"])
figures.save_figure(fig, "beta", output_dir, sources=["模拟 (fixture)"], data=draws)
draws.round(6).to_csv(f"{output_dir}/beta_table.csv", index=False, lineterminator="\n")
