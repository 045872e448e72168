"""Every address lands somewhere sensible: the page, the sign-in form, "not allowed" or "not found".

Streamlit shows an English "Page not found" box, and runs the main page, for any address the
navigation does not declare. So the navigation declares, besides the pages a person may use,
hidden stand-ins at the other pages' addresses:

* signed out, every page's address shows the sign-in form, and after sign-in that page opens
  (Streamlit keys a page by its address, so the rerun after sign-in finds the real page there);
* signed in, a page the role may not use says so, and /dang-nhap goes to the main page;
* an unknown one-segment address gets a Vietnamese "not found" page at that address (longer
  addresses are answered by the server, dashboard/web/not_found.py).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from dashboard.i18n import t
from dashboard.markdown_text import md_escape

SIGN_IN_PATH = "dang-nhap"
SIGN_IN_SCRIPT = Path(__file__).resolve().parent / "pages" / "sign_in.py"
Sections = dict[str, list]  # section title -> st.Page list, as streamlit_app.py declares them


def signed_out_pages(sections: Sections, privacy) -> list:
    """The sign-in page (also at /), the privacy notice, and the sign-in form at every other page's address."""
    at_root = st.Page(SIGN_IN_SCRIPT, title=t("page.sign_in"), default=True, visibility="hidden")
    sign_in = st.Page(SIGN_IN_SCRIPT, title=t("page.sign_in"), url_path=SIGN_IN_PATH)
    stand_ins = [st.Page(SIGN_IN_SCRIPT, title=page.title, url_path=page.url_path, visibility="hidden")
                 for pages in sections.values() for page in pages
                 if page.url_path and page.url_path != privacy.url_path]
    return [at_root, sign_in, privacy, *stand_ins]


def signed_in_pages(sections: Sections, allowed: Sections) -> Sections:
    """The pages the role may use (`allowed`, a subset of `sections`); the others answer "not allowed" at their
    address, and /dang-nhap goes to the main page."""
    visible = {name: pages for name, pages in allowed.items() if pages}
    home = next((p for pages in visible.values() for p in pages if p.url_path == ""),
                next(iter(visible.values()))[0])
    hidden = [_page(_denied_view, page.title, page.url_path)
              for name, pages in sections.items() for page in pages
              if page.url_path and not any(page is mine for mine in allowed.get(name, []))]
    hidden.append(_page(_switch_to(home), t("page.sign_in"), SIGN_IN_PATH))
    last = list(visible)[-1]
    return {**visible, last: visible[last] + hidden}


def with_not_found(pages: list | Sections, requested: str | None) -> list | Sections:
    """`pages`, plus a hidden "not found" page at `requested` when no page lives there."""
    if not requested or "/" in requested:
        return pages
    every = pages if isinstance(pages, list) else [p for group in pages.values() for p in group]
    # The main page answers only at /, but Streamlit keys it by its own path too (`_url_path`, e.g.
    # can-xu-ly): a not-found page there would collide, so that one address keeps Streamlit's answer.
    if any(requested in (p.url_path, getattr(p, "_url_path", None)) for p in every):
        return pages
    home = next((p for p in every if p.url_path == ""), every[0])
    not_found = _page(_not_found_view(requested, home), t("notfound.title"), requested)
    if isinstance(pages, list):
        return [*pages, not_found]
    last = list(pages)[-1]
    return {**pages, last: pages[last] + [not_found]}


def requested_path() -> str | None:
    """The address the browser asked for, below the app's base path ('' for the main page; None in AppTest)."""
    try:
        url = st.context.url
    except Exception:  # no browser connection
        return None
    if not isinstance(url, str) or not url:  # AppTest's stand-in context answers with mocks
        return None
    parts = [p for p in urlsplit(url).path.split("/") if p]
    base = [p for p in (st.get_option("server.baseUrlPath") or "").split("/") if p]
    if base and parts[:len(base)] == base:
        parts = parts[len(base):]
    return "/".join(parts)


def _page(view: Callable[[], None], title: str, url_path: str):
    return st.Page(view, title=title, url_path=url_path, visibility="hidden")


def _denied_view() -> None:
    st.error(t("auth.page_denied"))


def _switch_to(home) -> Callable[[], None]:
    def go_home() -> None:
        st.switch_page(home)

    return go_home


def _not_found_view(path: str, home) -> Callable[[], None]:
    def not_found() -> None:
        st.title(t("notfound.title"))
        st.write(t("notfound.body"))
        st.caption(md_escape(t("notfound.path", path="/" + path)))
        st.page_link(home, label=t("notfound.home"), icon="🏠")

    return not_found
