"""Unit trees for pure dashboard tests, from (id, name, level, parent, path) rows."""
import pandas as pd

from dashboard import tree


def unit_tree(rows) -> tree.UnitTree:
    df = pd.DataFrame(rows, columns=["id", "name", "level_code", "parent_id", "path"])
    df["parent_id"] = df["parent_id"].astype("Int64")
    return tree.build(df.set_index("id", drop=False))
