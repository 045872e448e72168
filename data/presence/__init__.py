"""Desk presence read models: desks of a unit, a day's intervals, live states, coverage, incidents."""
