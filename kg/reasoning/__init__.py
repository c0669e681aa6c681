"""Clinical reasoning on the graph: deficit propagation, lesion localisation and traces.

The package depends on the graph API (`kg.graph.AnatomyGraph`); the graph does not import it.

    import kg
    from kg import reasoning

    g = kg.load()
    reasoning.deficit(g, ["L5"])
    reasoning.localize(g, weak=["ankle dorsiflexion"], reflexes={"ankle jerk": "normal"})
    reasoning.trace(g, "foot drop")

Modules: `model` (the neuromuscular model read from the graph), `sites` (lesion sites and what
each predicts), `deficits` (forward), `localize` (inverse), `trace` (paths from a finding),
`cache` (what is computed once per loaded graph).
"""

from kg.reasoning.cache import lesion_predictions, model
from kg.reasoning.deficits import deficit
from kg.reasoning.localize import localize, localize_contexts
from kg.reasoning.trace import trace, trace_graph

__all__ = ["deficit", "lesion_predictions", "localize", "localize_contexts", "model", "trace", "trace_graph"]
