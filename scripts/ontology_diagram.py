"""Draw the kextract vocabulary (kextract/ontology/kx.ttl) as a Mermaid class diagram.

    python scripts/ontology_diagram.py                 # print the diagram
    python scripts/ontology_diagram.py --write docs/graph.md
        # replace the block between <!-- diagram:start --> and <!-- diagram:end -->

Classes become boxes (datatype properties whose domain is the class as attributes),
rdfs:subClassOf becomes inheritance arrows, object properties with a domain and a range
become labelled associations. Reused vocabularies are shown with their prefixes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kextract.vocab import PREFIXES, ontology_text

START, END = "<!-- diagram:start -->", "<!-- diagram:end -->"


def _name(term: URIRef) -> str:
    s = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if s.startswith(ns):
            local = s[len(ns):]
            return local if prefix == "kx" else f"{prefix}_{local}"
    return re.sub(r"\W", "_", s.rsplit("/", 1)[-1])


def mermaid(g: Graph) -> str:
    classes = sorted(set(g.subjects(RDF.type, OWL.Class)), key=str)
    lines = ["classDiagram", "    direction LR"]
    for c in classes:
        attrs = sorted((p for p in g.subjects(RDFS.domain, c)
                        if (p, RDF.type, OWL.DatatypeProperty) in g), key=str)
        if attrs:
            lines.append(f"    class {_name(c)} {{")
            for p in attrs:
                rng = g.value(p, RDFS.range)
                lines.append(f"        {_name(rng) if rng else 'literal'} {_name(p)}")
            lines.append("    }")
        else:
            lines.append(f"    class {_name(c)}")
    for c in classes:
        for sup in sorted(g.objects(c, RDFS.subClassOf), key=str):
            lines.append(f"    {_name(sup)} <|-- {_name(c)}")
    for p in sorted(g.subjects(RDF.type, OWL.ObjectProperty), key=str):
        dom, rng = g.value(p, RDFS.domain), g.value(p, RDFS.range)
        if dom is not None and rng is not None:
            lines.append(f"    {_name(dom)} --> {_name(rng)} : {_name(p)}")
    untyped = sorted((p for p in g.subjects(RDF.type, OWL.ObjectProperty)
                      if g.value(p, RDFS.domain) is None), key=str)
    for p in untyped:
        rng = g.value(p, RDFS.range)
        if rng is not None:
            lines.append(f"    note for {_name(rng)} \"{_name(p)}: any node -> {_name(rng)}\"")
    return "\n".join(lines) + "\n"


def diagram() -> str:
    return mermaid(Graph().parse(data=ontology_text(), format="turtle"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", type=Path, help="Markdown file whose diagram block to replace.")
    args = ap.parse_args(argv)
    block = f"```mermaid\n{diagram()}```"
    if args.write is None:
        print(block)
        return 0
    text = args.write.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"{args.write} has no {START} ... {END} block", file=sys.stderr)
        return 1
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    args.write.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
