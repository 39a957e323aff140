"""Batch scoring of stored answers: ``crepitus batch INPUT OUTPUT``.

``score_partition`` is the one function every executor runs on a whole partition; ``score_arrow``
is the same for an Arrow record batch, as Spark's ``mapInArrow`` hands them over. See
docs/batch.md.
"""

from crepitus.batch.score import OUTPUT_SCHEMA, Part, score_arrow, score_partition

__all__ = ["OUTPUT_SCHEMA", "Part", "score_arrow", "score_partition"]
