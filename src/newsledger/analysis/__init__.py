"""Analysis: small components over one spaCy ``Doc`` that fill the record.

Every module has one public entry, ``annotate(doc, record) -> None``, which fills its own
part of the record (and only reads the parts earlier components filled). The order is
the pipeline's, in :mod:`newsledger.pipeline`.
"""
