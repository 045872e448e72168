"""Inspections (kiểm tra công vụ): record, edit, list and count them against the yearly target.

`model` holds the values, `validate` the rules, `record` the scoped and audited
writes, `queries` the scoped reads and `targets` the per-unit yearly target.
"""
