"""Trainers for the pipelines in ``truceline/trained`` (one module per model), run by ``scripts/train.py``.

A trainer module defines ``NAME`` (the model folder), ``USES_CORPUS`` (whether it learns from ``corpus/``;
cross-validation retrains only those per fold), ``DATA`` (the files it learns from, for the manifest's
sha256) and ``train(out, doc_ids, seed, work) -> dict`` which writes a spaCy pipeline to ``out`` and
returns the manifest entry's extra fields (examples, thresholds, notes).
"""
