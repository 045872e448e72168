"""Kiểm tra công vụ (inspections): the filtered list, the record/edit form, counts against the yearly target."""
import streamlit as st

from dashboard import queries
from dashboard import inspection_queries as iq
from dashboard.i18n import t
from dashboard.inspection_filters import filters, scoped_labels
from dashboard.inspection_form import inspection_form
from dashboard.inspection_list import inspection_list
from dashboard.inspection_targets import targets_section
from dashboard.session import require_page
from dashboard.store import store_url

url = store_url()
scope = require_page("kiem-tra-cong-vu")
st.title(t("page.inspections"))
units = queries.unit_tree(url, scope)
labels = scoped_labels(units, scope)
if not labels:
    st.info(t("insp.none_in_scope"))
    st.stop()

picked = filters(url, units, scope, labels)
list_tab, form_tab, target_tab = st.tabs([t("insp.tab.list"), t("insp.tab.form"), t("insp.tab.targets")])
with list_tab:
    page = inspection_list(iq.inspections(url, scope, picked.flt))
with form_tab:
    inspection_form(url, scope, labels, page)
with target_tab:
    targets_section(url, units, scope, picked.year, picked.unit_id, labels)
