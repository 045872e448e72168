"""The vision worker's SQL: sites → rows, intervals → rows, compliance rows, absence snapshots.

Functions take a connection and the frozen records of domain/records.py; the worker's
bookkeeping (backlogs, checkpoint files, recovery's order) stays in vision (store_writer, store_checkpoints, store_recovery).
"""
