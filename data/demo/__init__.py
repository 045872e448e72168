"""Deterministic demo data shaped like Lạng Sơn (2021 – Q1 2023 and a recent month).

`python -m data demo` fills an empty store with it; `generate_demo` is the
function behind that command. Every figure from the source article is
reproduced exactly; everything else is drawn from one seed.
"""
