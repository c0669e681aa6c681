#+ summary: materialise the shortcuts the data leaves implicit (run once at load, embedded store only)
#+ returns: nothing; adds rdf:type closure, akg:hasAction, akg:receivesSegment (majority and disputed positions only), akg:targetedBy
PREFIX : <https://w3id.org/anatomy-kg/id/>
PREFIX akg: <https://w3id.org/anatomy-kg/ontology#>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
INSERT { ?x a ?super } WHERE { ?x a ?class . ?class rdfs:subClassOf+ ?super . } ;
INSERT { ?muscle akg:hasAction ?action } WHERE {
  ?muscle akg:actionRole ?r . ?r akg:action ?action .
  FILTER NOT EXISTS { ?r akg:status akg:minority } FILTER NOT EXISTS { ?r akg:status akg:outlier }
} ;
INSERT { ?muscle akg:receivesSegment ?root } WHERE {
  ?muscle akg:segmentalInnervation ?s . ?s akg:root ?root ; akg:grade ?grade .
  FILTER(?grade != akg:absent)
  FILTER NOT EXISTS { ?s akg:status akg:minority } FILTER NOT EXISTS { ?s akg:status akg:outlier }
} ;
INSERT { ?target akg:targetedBy ?exercise } WHERE { ?exercise akg:targets ?target . }
