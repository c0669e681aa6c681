"""People's SPARQL, run safely and explained plainly: the read-only guard (kg.sparql.guard), the
network sandbox for query workers (kg.sparql.sandbox), and messages, completions and result
helpers for editors (kg.sparql.help). Part of the core: `AnatomyGraph.user_query` runs the guard.
"""
