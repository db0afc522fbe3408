# %% [markdown]
# # 简报 briefing (test fixture)
# Reads what 10_alpha and 20_beta wrote; computes nothing.

# %% tags=["parameters"]
region: str = "liaoning"  # region key (pinyin)
year: int = 2024  # report year
output_dir: str = "../figures"  # where the phase notebooks wrote figures and tables

# %%
import pandas as pd
from IPython.display import Image, Markdown, display

alpha = pd.read_csv(f"{output_dir}/alpha_table.csv")
beta = pd.read_csv(f"{output_dir}/beta_table.csv")
display(Markdown(f"## {region} {year}: 主要预期目标"))
alpha[["step", "value"]]

# %% [markdown]
# ## 图 figures

# %%
display(Image(filename=f"{output_dir}/alpha.png"))
Image(filename=f"{output_dir}/beta.png")

# %% [markdown]
# ## Sources
# 测试数据 (fixture)
