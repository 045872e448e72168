"""Tài khoản (accounts): administrators list the accounts within their scope, add one, disable or enable,
unlock, reset a password, change a role or unit. Every change is scope-checked and audited in
data/accounts/manage.py; no password or hash is ever sent to the browser."""
import streamlit as st

from dashboard import queries
from dashboard.account_forms import add_form, edit_panel
from dashboard.account_view import accounts_shown, show_flash
from dashboard.clock import now_utc
from dashboard.format import fmt_int
from dashboard.i18n import lang, t
from dashboard.session import require_page
from dashboard.store import engine_for, store_url
from data.accounts.listing import account_table
from data.setup.staff import list_staff

url = store_url()
scope = require_page("tai-khoan")
st.title(t("page.accounts"))
if not scope.can_configure:
    st.error(t("acc.admins_only"))
    st.stop()
st.caption(t("acc.intro"))
show_flash()
engine = engine_for(url)
accounts = account_table(engine, scope, now_utc())
st.subheader(t("acc.list"))
if accounts.empty:
    st.info(t("acc.none"))
else:
    st.caption(t("acc.total", count=fmt_int(len(accounts), lang())))
    st.dataframe(accounts_shown(accounts), hide_index=True, width="stretch")
units = queries.unit_tree(url, scope)
staff = list_staff(engine, scope)
add, edit = st.tabs([t("acc.tab.add"), t("acc.tab.edit")])
with add:
    add_form(url, scope, units, staff)
with edit:
    if accounts.empty:
        st.info(t("acc.none"))
    else:
        edit_panel(url, scope, units, staff, accounts)
