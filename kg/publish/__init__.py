"""Writing the graph out: `anatomy-kg export` (kg.publish.export) and dated releases with their
SSSOM mappings and quality report (kg.publish.release).
"""
