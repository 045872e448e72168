"""The province overview's scorecard: per unit, desk discipline beside dossier and inspection figures.

`figures` reads and rolls the figures up per overview row; `ranking` turns
them into one composite score with the weights stored in the settings.
"""
