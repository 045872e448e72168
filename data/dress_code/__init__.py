"""Dress-code judgments a supervisor signs (issue 12): which violations count, the decisions, the labels
they make, the review queue, the precision per unit and rule, and the per-unit count mode.

The words (statuses, label sources, the gate) are domain.dress_code's; this package is their SQL.
"""
