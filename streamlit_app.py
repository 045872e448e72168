"""One-stop desk monitor: page config, language switch and the page list.

Run with `streamlit run streamlit_app.py` (see app.sh). DATABASE_URL picks
the store; the default is the SQLite file var/monitor.db.
"""
import streamlit as st

from dashboard.bootstrap import ensure_demo_data
from dashboard.i18n import t
from dashboard.store import store_url
from dashboard.widgets import language_switch

st.set_page_config(page_title=t("app.title"), page_icon="🏛️", layout="wide")
language_switch()
ensure_demo_data(store_url())
page = st.navigation({
    t("nav.watch"): [
        st.Page("dashboard/pages/overview.py", title=t("page.overview"), default=True),  # served at /
        st.Page("dashboard/pages/live.py", title=t("page.live"), url_path="truc-tiep"),
        st.Page("dashboard/pages/desk_day.py", title=t("page.desk_day"), url_path="theo-doi-trong-ngay"),
        st.Page("dashboard/pages/dossier_stats.py", title=t("page.dossiers"), url_path="thong-ke-ho-so"),
    ],
    t("nav.review"): [
        st.Page("dashboard/pages/monthly_review.py", title=t("page.review"), url_path="kiem-diem-thang"),
        st.Page("dashboard/pages/inspections.py", title=t("page.inspections"), url_path="kiem-tra-cong-vu"),
    ],
    t("nav.admin"): [
        st.Page("dashboard/pages/setup.py", title=t("page.setup"), url_path="cau-hinh"),
    ],
})
page.run()
