"""Streamlit's own English (1.67's browser bundle): none of it may show on a Vietnamese page.

Kept apart from the app's swap table (dashboard/strings/streamlit_ui.py) on purpose: this is what a user
must not see, read off Streamlit's bundle and menus, so a text the app forgets to swap is caught here.
"""
from __future__ import annotations

# Found anywhere inside a visible text or a placeholder / tooltip.
PHRASES = (
    "Choose an option", "Choose options", "Choose or add", "No options to select", "No results",
    "Drag and drop", "per file", "Browse files", "Add files", "Upload directories",
    "files are not allowed", "Press Enter", "+Enter to", "to submit form",
    "Running...", "Stopping...", "Made with Streamlit", "Record a screencast", "Clear cache",
    "Skip to main content", "Page not found", "Connection error", "Please wait",
    "Number is above", "Number is below", "Use arrow keys",
    "January", "February", "March", "April", "June", "July", "August", "September", "October",
    "November", "December",
)
# A whole text on its own (short words that could sit inside Vietnamese data are only caught alone).
WORDS = (
    "Upload", "Deploy", "Rerun", "Always rerun", "Settings", "Print", "Stop", "Connecting", "Select...",
    "May", "Su", "Mo", "Tu", "We", "Th", "Fr", "Sa",
)


def english_in(texts: list[str]) -> list[str]:
    """The texts that hold any of Streamlit's English."""
    return [text for text in texts
            if text in WORDS or any(phrase in text for phrase in PHRASES)]
