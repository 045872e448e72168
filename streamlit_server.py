"""The app's web server: Streamlit running streamlit_app.py, plus the session-cookie routes.

Start with `streamlit run streamlit_server.py` (app.sh does): Streamlit finds `app` below (an
`st.App`, Streamlit's own way to add routes) and serves the pages as usual. The routes put the
HttpOnly sign-in cookie in the browser and take it out (dashboard/web/session_routes.py); an
address with more than one path segment gets a Vietnamese "not found" page
(dashboard/web/not_found.py). `streamlit run streamlit_app.py` still works, without the cookie:
a refresh then signs the user out.
"""
import streamlit as st
from starlette.middleware import Middleware

from dashboard.web.not_found import NotFoundMiddleware
from dashboard.web.session_routes import make_routes

_base = st.get_option("server.baseUrlPath")
app = st.App("streamlit_app.py", routes=make_routes(_base),
             middleware=[Middleware(NotFoundMiddleware, base_url_path=_base)])
