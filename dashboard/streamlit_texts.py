"""Streamlit's own English words rewritten into Vietnamese in the browser.

Streamlit 1.67 writes its widgets' texts ("Choose an option", "No results", "Upload",
"50MB per file", "Press Enter to apply", the calendar's months, "Running...") in English inside
its browser bundle and has no setting for their language. What an API allows is used first:
`placeholder=` on every select box (`dashboard/widgets.py` pick_hint) and `client.toolbarMode =
"minimal"` (`.streamlit/config.toml`: no Deploy button, no main menu). For the rest, one small
script, sent once per run (`dashboard/widgets.py` streamlit_texts), watches the page and swaps
the known English texts (text nodes and the placeholder and title attributes) for the Vietnamese
of `dashboard/strings/streamlit_ui.py`. Screen-reader names (aria-label: "Show password",
"Choose date", "Clear value") stay Streamlit's: in Vietnamese they would share words with the
fields' own labels ("Hiện mật khẩu" beside "Mật khẩu"), and a field must be found by its label. It changes nothing else: a text that is not
exactly one of Streamlit's is left alone, so users' data is never rewritten. In English the
script stops the watcher and puts back the English of what it had swapped.

Checked in the browser by tests/browser/test_vietnamese_only.py.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from dashboard.strings.streamlit_ui import MONTH_YEAR_VI, MONTHS, STRINGS, WEEKDAYS

MARKER_ID = "vi-streamlit-texts"
_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class TextSwaps:
    """English → Vietnamese: whole texts, and templates with the parts Streamlit fills in."""

    exact: tuple[tuple[str, str], ...]
    patterns: tuple[tuple[str, str], ...]  # (JavaScript regular expression source, replacement with $1, $2…)


def _pattern(english: str, vietnamese: str) -> tuple[str, str]:
    """'{size} per file' → ('^(.+?) per file$', 'Tối đa $1 mỗi tệp'): each field a group, by name."""
    parts = _FIELD.split(english)  # text, field name, text, field name, …, text
    names = parts[1::2]
    source = "".join("(.+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts))
    replacement = _FIELD.sub(lambda m: f"${names.index(m.group(1)) + 1}", vietnamese)
    return f"^{source}$", replacement


def swaps() -> TextSwaps:
    exact: list[tuple[str, str]] = []
    patterns: list[tuple[str, str]] = []
    for vietnamese, english in STRINGS.values():
        if _FIELD.search(english):
            patterns.append(_pattern(english, vietnamese))
        else:
            exact.append((english, vietnamese))
    exact += [(en, vi) for vi, en in (*MONTHS, *WEEKDAYS)]
    # The calendar's heading: "December 2026" → "Tháng 12 năm 2026".
    patterns += [(f"^{en} (\\d{{4}})$", MONTH_YEAR_VI.format(month=vi)) for vi, en in MONTHS]
    return TextSwaps(tuple(exact), tuple(patterns))


# One watcher per browser tab: a new copy of the script (the language changed) replaces the old one.
_SCRIPT = """
(() => {
  const old = window.__viStreamlitTexts;
  if (old) old.disconnect();
  const exact = new Map(%(exact)s);
  const patterns = %(patterns)s.map(([source, out]) => [new RegExp(source), out]);
  if (!exact.size && !patterns.length) { window.__viStreamlitTexts = null; return; }
  const ATTRIBUTES = ["placeholder", "title"];
  // What was swapped, so a switch to English puts Streamlit's own words back (weakly held: a node React
  // drops is forgotten; the list is pruned of those as it grows).
  const swapped = new Set();
  const now = (target, attr) => (attr ? target.getAttribute(attr) : target.nodeValue);
  const remember = (target, attr, from, to) => {
    swapped.add({ref: new WeakRef(target), attr, from, to});
    if (swapped.size < 2000) return;
    for (const s of swapped) {
      const target = s.ref.deref();
      if (!target || !target.isConnected || now(target, s.attr) !== s.to) swapped.delete(s);
    }
  };
  const swap = (text) => {
    const core = text.trim();
    if (!core) return null;
    let out = exact.get(core);
    if (out === undefined) {
      const hit = patterns.find(([re]) => re.test(core));
      if (!hit) return null;
      // What Streamlit filled in is swapped too: in "Choose date range, March 2023" the month's name as well.
      const groups = core.match(hit[0]).slice(1).map((g) => (g === undefined ? "" : swap(g) ?? g));
      out = hit[1].replace(/\$(\d)/g, (_, i) => groups[Number(i) - 1]);
    }
    return text.replace(core, () => out);
  };
  const fixText = (node) => {
    const from = node.nodeValue, out = swap(from);
    if (out !== null && out !== from) { node.nodeValue = out; remember(node, null, from, out); }
  };
  const fixAttributes = (el) => {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      const out = value === null ? null : swap(value);
      if (out !== null && out !== value) { el.setAttribute(name, out); remember(el, name, value, out); }
    }
  };
  const fixTree = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    if (root.closest("script, style, textarea, [contenteditable]")) return;
    fixAttributes(root);
    root.querySelectorAll("[placeholder], [title]").forEach(fixAttributes);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => n.parentElement && n.parentElement.closest("script, style, textarea")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) fixText(n);
  };
  const watcher = new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === "childList") c.addedNodes.forEach(fixTree);
      else if (c.type === "characterData") fixText(c.target);
      else if (c.type === "attributes") fixAttributes(c.target);
    }
  });
  fixTree(document.body);
  watcher.observe(document.body, {subtree: true, childList: true, characterData: true,
                                  attributes: true, attributeFilter: ATTRIBUTES});
  window.__viStreamlitTexts = {
    disconnect: () => {
      watcher.disconnect();
      for (const s of swapped) {
        const target = s.ref.deref();
        if (!target || now(target, s.attr) !== s.to) continue;
        if (s.attr) target.setAttribute(s.attr, s.from); else target.nodeValue = s.from;
      }
    },
  };
})();
"""

# The element that carries the script takes no room (its container is hidden; the script has run).
_HIDE = f'<style>[data-testid="stElementContainer"]:has(#{MARKER_ID}) {{ display: none; }}</style>'


@functools.cache  # sent on every run; built from constants once per process
def script_html(vietnamese: bool) -> str:
    """The HTML for st.html(..., unsafe_allow_javascript=True): the watcher, or (English) its stop."""
    table = swaps() if vietnamese else TextSwaps((), ())
    body = _SCRIPT % {"exact": json.dumps([list(p) for p in table.exact], ensure_ascii=False),
                      "patterns": json.dumps([list(p) for p in table.patterns], ensure_ascii=False)}
    if "</" in body:  # would end the script early; no Streamlit text holds it
        raise ValueError("a Streamlit text swap holds '</'")
    return f'{_HIDE}<span id="{MARKER_ID}" hidden></span><script>{body}</script>'
