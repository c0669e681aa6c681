"""`anatomy-kg serve`: the read-only SPARQL 1.1 endpoint (kg.server.endpoint) and entity IRI
dereferencing (kg.server.deref). The guard and the sandbox it relies on are kg.sparql's.
"""
