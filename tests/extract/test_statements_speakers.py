"""Who speaks through a cue (truceline.extract.statements_speakers): readings of the parse.

The sentences are written for these tests; each is given with the parse the small English model gives it (or a
parse it gives to such sentences), so the tests do not depend on a model.
"""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from truceline.extract.statements_speakers import _agrees, _speaker_token


def _doc(rows: list[tuple[str, int, str, str, str, str]], spaces: list[bool] | None = None) -> Doc:
    """A parsed doc from (word, head, dep, tag, pos, lemma) rows."""
    words, heads, deps, tags, pos, lemmas = (list(x) for x in zip(*rows, strict=True))
    return Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)


def test_a_conjunct_cue_takes_the_subject_it_agrees_with() -> None:
    # "Some diplomats fear that Holm has missed his chance and warn that talks will fail": the parse joins "warn"
    # to "missed" (and tags it a base form); "warn" cannot agree with "Holm" nor share "has", so the ones warning
    # are the diplomats, the subject of "fear"
    doc = _doc([("Some", 1, "det", "DT", "DET", "some"), ("diplomats", 2, "nsubj", "NNS", "NOUN", "diplomat"),
                ("fear", 2, "ROOT", "VBP", "VERB", "fear"), ("that", 6, "mark", "IN", "SCONJ", "that"),
                ("Holm", 6, "nsubj", "NNP", "PROPN", "Holm"), ("has", 6, "aux", "VBZ", "AUX", "have"),
                ("missed", 2, "ccomp", "VBN", "VERB", "miss"), ("his", 8, "poss", "PRP$", "PRON", "his"),
                ("chance", 6, "dobj", "NN", "NOUN", "chance"), ("and", 6, "cc", "CC", "CCONJ", "and"),
                ("warn", 6, "conj", "VB", "VERB", "warn"), ("that", 14, "mark", "IN", "SCONJ", "that"),
                ("talks", 14, "nsubj", "NNS", "NOUN", "talk"), ("will", 14, "aux", "MD", "AUX", "will"),
                ("fail", 10, "ccomp", "VB", "VERB", "fail"), (".", 2, "punct", ".", "PUNCT", ".")])
    speaker = _speaker_token(doc[10])
    assert speaker is not None and speaker.text == "diplomats"


def test_a_conjunct_cue_that_agrees_keeps_the_subject_of_its_clause() -> None:
    # "Lind thinks the plan failed and says talks will end": "says" agrees with "Lind" as well as "plan"; the
    # reading of the parse stands
    doc = _doc([("Lind", 1, "nsubj", "NNP", "PROPN", "Lind"), ("thinks", 1, "ROOT", "VBZ", "VERB", "think"),
                ("the", 3, "det", "DT", "DET", "the"), ("plan", 4, "nsubj", "NN", "NOUN", "plan"),
                ("failed", 1, "ccomp", "VBD", "VERB", "fail"), ("and", 4, "cc", "CC", "CCONJ", "and"),
                ("says", 4, "conj", "VBZ", "VERB", "say"), ("talks", 9, "nsubj", "NNS", "NOUN", "talk"),
                ("will", 9, "aux", "MD", "AUX", "will"), ("end", 6, "ccomp", "VB", "VERB", "end"),
                (".", 1, "punct", ".", "PUNCT", ".")])
    speaker = _speaker_token(doc[6])
    assert speaker is not None and speaker.text == "plan"
    assert _agrees(doc[6], doc[0]) and not _agrees(doc[1], doc[7])


def test_no_clause_governs_a_cue_across_a_paragraph_break() -> None:
    # "Holm repeated his charges, calling her a fraud.\n\nLind also attacked Berg, calling him a liar." parsed
    # as one sentence, "attacked" a clause of the first "calling": the second "calling" is Lind's, not Holm's
    rows = [("Holm", 1, "nsubj", "NNP", "PROPN", "Holm"), ("repeated", 1, "ROOT", "VBD", "VERB", "repeat"),
            ("his", 3, "poss", "PRP$", "PRON", "his"), ("charges", 1, "dobj", "NNS", "NOUN", "charge"),
            (",", 1, "punct", ",", "PUNCT", ","), ("calling", 1, "advcl", "VBG", "VERB", "call"),
            ("her", 5, "dobj", "PRP", "PRON", "she"), ("a", 8, "det", "DT", "DET", "a"),
            ("fraud", 5, "oprd", "NN", "NOUN", "fraud"), (".", 5, "punct", ".", "PUNCT", "."),
            ("\n\n", 9, "dep", "_SP", "SPACE", "\n\n"), ("Lind", 13, "nsubj", "NNP", "PROPN", "Lind"),
            ("also", 13, "advmod", "RB", "ADV", "also"), ("attacked", 5, "ccomp", "VBD", "VERB", "attack"),
            ("Berg", 13, "dobj", "NNP", "PROPN", "Berg"), (",", 13, "punct", ",", "PUNCT", ","),
            ("calling", 13, "advcl", "VBG", "VERB", "call"), ("him", 16, "dobj", "PRP", "PRON", "he"),
            ("a", 19, "det", "DT", "DET", "a"), ("liar", 16, "oprd", "NN", "NOUN", "liar"),
            (".", 16, "punct", ".", "PUNCT", ".")]
    spaces = [True, True, True, False, True, True, True, True, False, False, False, True, True, True, False, True,
              True, True, True, False, False]
    doc = _doc(rows, spaces)
    assert "\n\nLind" in doc.text
    speaker = _speaker_token(doc[16])
    assert speaker is not None and speaker.text == "Lind"


def _closing_object_doc(tail: list[tuple[str, int, str, str, str, str]]) -> Doc:
    """ "Two people were hurt in Odesa, reported the Rescue Service<tail>": the parse makes the inverted subject
    the object of "reported", a conjunct of "hurt". English lexical attributes tell punctuation."""
    import spacy

    rows = [("Two", 1, "nummod", "CD", "NUM", "two"), ("people", 3, "nsubjpass", "NNS", "NOUN", "people"),
                 ("were", 3, "auxpass", "VBD", "AUX", "be"), ("hurt", 3, "ROOT", "VBN", "VERB", "hurt"),
                 ("in", 3, "prep", "IN", "ADP", "in"), ("Odesa", 4, "pobj", "NNP", "PROPN", "Odesa"),
                 (",", 3, "punct", ",", "PUNCT", ","), ("reported", 3, "conj", "VBD", "VERB", "report"),
                 ("the", 10, "det", "DT", "DET", "the"), ("Rescue", 10, "compound", "NNP", "PROPN", "Rescue"),
                 ("Service", 7, "dobj", "NNP", "PROPN", "Service"), *tail]
    words, heads, deps, tags, pos, lemmas = (list(x) for x in zip(*rows, strict=True))
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)


def test_the_object_of_a_cue_closing_its_sentence_is_its_speaker() -> None:
    doc = _closing_object_doc([(".", 3, "punct", ".", "PUNCT", ".")])
    speaker = _speaker_token(doc[7])
    assert speaker is not None and speaker.text == "Service"


def test_an_object_with_words_after_it_is_no_inverted_subject() -> None:
    # "..., reported the Rescue Service to the police.": the sentence goes on after the object
    from truceline.extract.statements_speakers import _inverted_object

    doc = _closing_object_doc([("to", 7, "prep", "IN", "ADP", "to"), ("the", 13, "det", "DT", "DET", "the"),
                               ("police", 11, "pobj", "NN", "NOUN", "police"), (".", 3, "punct", ".", "PUNCT", ".")])
    assert _inverted_object(doc[7]) is None
