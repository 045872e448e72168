"""Xác nhận vi phạm trang phục (dress-code confirmation queue): pending violations and PASS samples of my scope,
oldest first, one at a time on its face-blurred evidence; a violation counts only once confirmed (issue 12)."""
import streamlit as st

from dashboard import dress_code_queries as dq
from dashboard import deep_link, queries, widgets
from dashboard.dress_code_view import batch_section, counter, item_card, next_item, show_flash
from dashboard.i18n import t
from dashboard.session import require_page
from dashboard.store import store_url
from domain.dress_code import RULES

url = store_url()
st.title(t("page.dress_code"))
scope = require_page("xac-nhan-trang-phuc")
st.caption(t("dress.intro"))
units = queries.unit_tree(url, scope)
deep_link.seed_unit("dress.unit", units)  # a link from the home page: ?unit=…
left, right = st.columns([3, 1])
with left:
    unit_id = widgets.unit_picker(units, key="dress.unit")
with right:
    picked = st.segmented_control(t("dress.filter.rule"), ["all", *RULES], key="dress.rule", default="all",
                                  format_func=lambda r: t("dress.filter.all") if r == "all" else t(f"review.rule.{r}"))
rule = None if picked in (None, "all") else picked
show_flash()
page = dq.queue(url, scope, unit_id, rule)
counter(page)
item = next_item(page)
if item is None:
    st.success(t("dress.empty"))
    st.stop()
item_card(url, scope, item)
batch_section(url, scope, item)
