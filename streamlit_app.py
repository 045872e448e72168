"""One-stop desk monitor: page config, language switch and the page list.

Run with `streamlit run streamlit_server.py` (see app.sh: that adds the session-cookie routes).
DATABASE_URL picks the store; the default is the SQLite file var/monitor.db.
"""
import streamlit as st

from dashboard import auth, page_routes
from dashboard.bootstrap import ensure_demo_data
from dashboard.i18n import t
from dashboard.session import send_to_browser, signed_in_scope
from dashboard.store import store_url
from dashboard.widgets import language_switch, streamlit_texts
from data.access import may_open

st.set_page_config(page_title=t("app.title"), page_icon="🏛️", layout="wide")
language_switch()
streamlit_texts()  # Streamlit's own English words in Vietnamese (dashboard/streamlit_texts.py)
ensure_demo_data(store_url())
auth.resume(store_url())  # F5, a new tab, a bookmark: the session cookie signs this page session in
auth.sync_oidc(store_url())
auth.revalidate(store_url())
send_to_browser()  # after a sign-in or sign-out: the cookie set or cleared (dashboard/session.py)
scope = signed_in_scope()
privacy = st.Page("dashboard/pages/privacy.py", title=t("page.privacy"), url_path="bao-ve-du-lieu")
sections = {
    t("nav.watch"): [
        st.Page("dashboard/pages/home.py", title=t("page.home"), url_path="can-xu-ly", default=True),  # served at /
        st.Page("dashboard/pages/overview.py", title=t("page.overview"), url_path="tong-quan"),
        st.Page("dashboard/pages/live.py", title=t("page.live"), url_path="truc-tiep"),
        st.Page("dashboard/pages/desk_day.py", title=t("page.desk_day"), url_path="theo-doi-trong-ngay"),
        st.Page("dashboard/pages/dossier_stats.py", title=t("page.dossiers"), url_path="thong-ke-ho-so"),
    ],
    t("nav.review"): [
        st.Page("dashboard/pages/monthly_review.py", title=t("page.review"), url_path="kiem-diem-thang"),
        st.Page("dashboard/pages/dress_code_queue.py", title=t("page.dress_code"), url_path="xac-nhan-trang-phuc"),
        st.Page("dashboard/pages/inspections.py", title=t("page.inspections"), url_path="kiem-tra-cong-vu"),
    ],
    t("nav.admin"): [
        st.Page("dashboard/pages/setup.py", title=t("page.setup"), url_path="cau-hinh"),
        st.Page("dashboard/pages/audit.py", title=t("page.audit"), url_path="nhat-ky-truy-cap"),
        st.Page("dashboard/pages/accounts.py", title=t("page.accounts"), url_path="tai-khoan"),
        privacy,
    ],
}
if scope is None:
    # Signed out: the sign-in page and the privacy notice; every page's address shows sign-in, then that page.
    pages = page_routes.signed_out_pages(sections, privacy)
else:
    auth.account_box(store_url())
    # Only the pages the role may use (data/access.py PAGE_ROLES); the default page is "Cần xử lý" at /.
    allowed = {name: [p for p in pages if may_open(scope, p.url_path or "can-xu-ly")] for name, pages in sections.items()}
    pages = page_routes.signed_in_pages(sections, allowed)
# An unknown address gets a Vietnamese "not found" page instead of Streamlit's English box.
st.navigation(page_routes.with_not_found(pages, page_routes.requested_path())).run()
