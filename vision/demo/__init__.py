"""Composed desk scenes (real people cut out of shipped photos, pasted behind a counter)
and the demo worker that plays them as live cameras for desks of the demo store:
``python -m vision demo --db URL`` (started by app.sh). Tests and benches compose
their scenes with the same code.
"""
