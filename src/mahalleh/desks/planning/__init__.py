"""The year's desk plan and campaign timetables, solved with OR-Tools CP-SAT (issue 11).

Pure Python over plain data (``inputs``): no Django models are read here, so the solver can be
tested and benchmarked on generated provinces; ``desks.plans`` builds the inputs from the database
and saves what comes out.
"""
