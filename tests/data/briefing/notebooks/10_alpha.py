# %% [markdown]
# # 10 alpha (test fixture)
# A phase notebook for the runner tests: draws a small index range and writes a table.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin)
year: int = 2024  # report year
output_dir: str = "../figures"  # where figures and tables go

# %%
import pandas as pd

from analysis import figures

steps = pd.DataFrame({"step": range(4), "value": [float(i) for i in range(4)],
                      "source_title": "测试数据 (fixture)"})

# %%
fig, ax = figures.new_figure(f"{region} {year} 测试图", unit="%")
ax.plot(steps["step"], steps["value"], color=figures.palette("roles")["observed"])
figures.save_figure(fig, "alpha", output_dir, sources=steps, data=steps[["step", "value"]])
steps.to_csv(f"{output_dir}/alpha_table.csv", index=False, lineterminator="\n")
