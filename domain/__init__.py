"""The project's neutral vocabulary and rules, shared by every other package.

What lives here: desk states and camera health (`states`), the records that
cross packages (`records`), the time zone (`timezone`), credential redaction
(`redaction`), polygon geometry (`geometry`), the sites-file schema (`sites`),
the office-hours resolver (`office_hours`), the presence policy, and the
worker↔dashboard live contract (`live`).

`domain` imports none of `data`, `vision` or `dashboard` (import-linter checks
it: .importlinter), and nothing here talks SQL, opens a camera, runs OpenCV or
Streamlit: importing it stays cheap for every package.
"""
