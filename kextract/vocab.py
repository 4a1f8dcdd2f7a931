"""The kextract RDF vocabulary as a closed namespace (checked against ``ontology/kx.ttl`` by the
tests), plus the namespaces reused from SKOS, PROV-O, DCTerms and Web Annotation."""

from __future__ import annotations

from importlib import resources
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace


class KX(DefinedNamespace):
    """kextract terms; using an undefined one (``KX.Rulle``) raises AttributeError."""

    _NS = Namespace("https://w3id.org/kextract/ns#")
    _fail = True

    # classes
    Document: URIRef
    Sentence: URIRef
    Fact: URIRef
    Rule: URIRef
    Example: URIRef
    Definition: URIRef
    Relation: URIRef
    Entity: URIRef
    Part: URIRef
    Proposition: URIRef
    Extractor: URIRef
    Modality: URIRef
    ModalityScheme: URIRef
    Obligation: URIRef
    Prohibition: URIRef
    Permission: URIRef
    Recommendation: URIRef
    NoModality: URIRef
    # object properties
    inDocument: URIRef
    inSentence: URIRef
    condition: URIRef
    exception: URIRef
    consequence: URIRef
    action: URIRef
    actor: URIRef
    modality: URIRef
    concept: URIRef
    exemplifies: URIRef
    conflictsWith: URIRef
    states: URIRef
    instance: URIRef
    term: URIRef
    definiens: URIRef
    genus: URIRef
    alias: URIRef
    subject: URIRef
    predicate: URIRef
    object: URIRef
    argument: URIRef
    mention: URIRef
    mentions: URIRef
    evidence: URIRef
    # datatype properties
    text: URIRef
    start: URIRef
    end: URIRef
    index: URIRef
    section: URIRef
    pattern: URIRef
    confidence: URIRef
    negated: URIRef
    necessary: URIRef
    conditionLogic: URIRef
    cue: URIRef
    entityLabel: URIRef
    key: URIRef
    format: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
ID = Namespace("https://w3id.org/kextract/id/")

MODALITY_IRIS = {
    "obligation": KX.Obligation, "prohibition": KX.Prohibition, "permission": KX.Permission,
    "recommendation": KX.Recommendation, "none": KX.NoModality,
}
FACT_CLASSES = {"rule": KX.Rule, "example": KX.Example, "definition": KX.Definition,
                "relation": KX.Relation, "entity": KX.Entity}

PREFIXES = {
    "kx": str(KX._NS), "kxid": str(ID), "skos": str(SKOS), "prov": str(PROV),
    "dcterms": str(DCTERMS), "oa": str(OA), "rdf": str(RDF), "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def ontology_text() -> str:
    """The Turtle source of the vocabulary shipped with the package."""
    return resources.files("kextract.ontology").joinpath("kx.ttl").read_text(encoding="utf-8")


def shapes_text() -> str:
    """The Turtle source of the SHACL shapes shipped with the package."""
    return resources.files("kextract.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")


def _seg(value: str) -> str:
    return quote(value, safe="")


def document_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{_seg(doc_id)}"]


#: the named graph of corpus-level links (conflicting rules), rebuilt after every build
CONFLICTS_GRAPH = ID["graph/conflicts"]


def graph_iri(doc_id: str) -> URIRef:
    """The named graph holding everything extracted from one document."""
    return ID[f"graph/{_seg(doc_id)}"]


def sentence_iri(doc_id: str, index: int) -> URIRef:
    return ID[f"doc/{_seg(doc_id)}/s{index}"]


def fact_iri(kind: str, fact_id: str) -> URIRef:
    return ID[f"{kind}/{fact_id}"]


def proposition_iri(kind: str, proposition_id: str) -> URIRef:
    """What facts state, independent of where: shared by equal facts of every document."""
    return ID[f"proposition/{kind}/{proposition_id}"]


def concept_iri(key: str) -> URIRef:
    """Concept IRIs derive from the normalised key (see :func:`kextract.merge.normalise_key`),
    so partitions built apart merge by union."""
    return ID[f"concept/{_seg(key.replace(' ', '_'))}"]


def extractor_iri(name: str) -> URIRef:
    return ID[f"extractor/{_seg(name)}"]
