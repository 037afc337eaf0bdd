"""Generated county and province data for the benchmarks (``bench/``) and the load test (issue #11).

``manage.py generate_load_data --scale county|province --years N --seed S`` fills an empty, migrated
database; the benchmark scripts call ``generate.run`` with their own shape. See ``generate.py``.
"""
