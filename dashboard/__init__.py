"""The Streamlit dashboard: pages draw, `queries` fetches, `i18n` speaks."""
