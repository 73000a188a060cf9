"""Who a role phrase names, for :mod:`truceline.extract.coref`: "the president", "the region's governor", "the
head of X, Oleh Hryhorov", "the official" (split out of coref, whose other rules are names, pronouns, bodies and
documents).

- "the president", "the foreign minister": the last person whose registry roles (or the role words the text
  put beside the name) end so (:func:`_last_with_role`), else the last person who spoke nearby
  (:func:`_last_person_speaker`);
- a role phrase ending in a name is that person (:func:`_name_closing_phrase`);
- a plural role ("the officials say") is no one person (:func:`_plural`);
- a single office holder named only by the role ("the regional governor said") is a person of that name
  (:func:`_role_only_person`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicons import load
from .mentions import Mention, mention_at, mentions_in

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .analysis import Analysis

_LEX = load("coref")  # the word lists: data/coref.yaml
_ROLE_ONLY_HEADS = frozenset(_LEX["role_only_heads"])
_ROLE_OWNERS = frozenset(_LEX["role_owners"])


def _role_only_person(a: Analysis, tok: Token) -> str | None:
    """A single office holder the text names only by the role ("the regional governor said", "the region's acting
    governor", "a German government spokesperson", "the commander of the Unmanned Systems Forces") and no earlier
    person fits: CONVENTIONS makes the role the speaker's name. Plural or generic roles ("officials") are not."""
    lemma = tok.lemma_.lower()
    reg = a.actors.reg
    country = next((c for c in (reg.demonym_country(t.text) for t in tok.subtree) if c), None)
    if lemma not in _ROLE_ONLY_HEADS or tok.tag_ not in ("NN", "NNP") or tok.dep_ == "appos" or \
            any(c.dep_ == "appos" for c in tok.children) or _role_held_by_named(a, lemma, country):
        return None
    words = [t for t in tok.lefts if t.dep_ in ("amod", "compound", "nmod")]
    name = " ".join([t.text for t in words] + [tok.text])
    owner = _owner_noun(tok)
    of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        name += " " + " ".join(t.text for t in of.subtree if not t.is_punct or t.text in "-")
    elif owner is not None:
        name += " of the " + owner.text  # "the region's governor" is the governor of the region
    return a.actors.new(name, "person", country, surface=name)


def _role_held_by_named(a: Analysis, lemma: str, country: str | None) -> bool:
    """Whether a person the text names anywhere holds the role (of the country the phrase names, if any): "the
    governor" then is most likely that person (named before or after), and a made-up "governor" would be a
    second, wrong speaker."""
    for m in a.mentions:
        act = a.actors.get(m.actor)
        if act.kind != "person" or (country and act.country and act.country != country):
            continue
        if lemma in a.text_roles.get(m.actor, ()):
            return True
        entry = a.actors.entry(m.actor)
        if entry is not None and any(lemma in r.lower().split() for r in entry.roles + entry.titles):
            return True
    return False


def _owner_noun(tok: Token) -> Token | None:
    """The place owning a role ("the region's governor", "the city's mayor"), a common noun, not a person."""
    return next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "NOUN"
                 and c.lemma_.lower() in _ROLE_OWNERS), None)


def _national_role(a: Analysis, tok: Token) -> bool:
    """ "a German government spokesperson": an indefinite role that a demonym ties to one country's office."""
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
        return False
    return any(a.actors.reg.demonym_country(t.text) for t in tok.lefts if t.dep_ in ("amod", "compound", "nmod"))


def _window_start(tok: Token, n: int) -> int:
    """Start of the sentence ``n`` sentences before ``tok``'s."""
    sent = tok.sent
    doc = tok.doc
    start = sent.start
    for _ in range(n):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return doc[start].idx


def _role_keys(a: Analysis, tok: Token) -> tuple[str, ...]:
    words = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod")] + [tok]
    return a.actors.reg.keys.key(" ".join(w.text for w in words))


def _plural(tok: Token) -> bool:
    """ "the officials", "the senators": a plural role names several people, not the last one who spoke or held it
    (PolNeAR training sample: three statements of unnamed groups no longer given to one person; corpus
    unchanged)."""
    return tok.tag_ in ("NNS", "NNPS")


def _last_with_role(a: Analysis, tok: Token) -> str | None:
    keys = _role_keys(a, tok)
    if not keys or _plural(tok):
        return None
    former = "former" in keys
    for m in reversed(_before(a, tok.idx)):
        act = a.actors.get(m.actor)
        if act.kind != "person":
            continue
        entry = a.actors.entry(m.actor)
        if entry is None:
            # a person from the text: the role words seen beside the name
            if keys[-1] in a.text_roles.get(m.actor, ()):
                return m.actor
            continue
        for role in entry.roles + entry.titles:
            rk = a.actors.reg.keys.key(role)
            if not rk or rk[-1] != keys[-1] or (rk[0] == "former") != former:
                continue
            if all(k in rk or k.startswith("@") for k in keys):
                if any(k.startswith("@") and k[1:] != act.country for k in keys):
                    continue
                return m.actor
    return None


def _name_closing_phrase(a: Analysis, tok: Token) -> str | None:
    """The person named at the end of a role phrase, after a noun or a comma: "the head of the President's Office
    Andriy Yermak said", "the head of the intelligence directorate, Kyrylo Budanov, said"; "the spokesman for
    Putin" (the name after a preposition) is not Putin."""
    end = tok.right_edge
    while end.i > tok.i and end.is_punct:
        end = end.doc[end.i - 1]
    after = _name_after_comma(a, end)
    if after:
        return after  # "according to the head of the region, Oleh Hryhorov, ...": the parse may leave the name out
    for m in reversed(mentions_in(a, tok.idx + 1, end.idx + len(end.text))):
        if a.actors.get(m.actor).kind != "person" or m.end != end.idx + len(end.text):
            continue
        first = a.doc.char_span(m.start, m.end, alignment_mode="expand")
        if first is None or first.start == 0:
            return None
        before = a.doc[first.start - 1]
        return m.actor if before.pos_ in ("NOUN", "PROPN") or before.text == "," else None
    return None


def _name_after_comma(a: Analysis, end: Token) -> str | None:
    """A person named between commas right after a role phrase ("the head of X, Oleh Hryhorov, ...")."""
    doc = end.doc
    if end.i + 2 >= len(doc) or doc[end.i + 1].text != ",":
        return None
    m = mention_at(a, doc[end.i + 2].idx)
    if m is None or a.actors.get(m.actor).kind != "person":
        return None
    nxt = a.doc.char_span(m.start, m.end, alignment_mode="expand")
    if nxt is None or nxt.end >= len(doc) or doc[nxt.end].text != ",":
        return None
    return m.actor


def _last_person_speaker(a: Analysis, tok: Token) -> str | None:
    """The last person who spoke within the last three sentences: "the official", "the diplomat", a role
    no registry or text role fits, goes on with that person's remarks."""
    if _plural(tok):
        return None
    window_start = _window_start(tok, 3)
    for pos, actor in reversed(a.speakers):
        if window_start <= pos < tok.idx and a.actors.get(actor).kind == "person":
            return actor
    return None


def _before(a: Analysis, char: int) -> list[Mention]:
    return [m for m in a.mentions if m.end <= char and not m.quoted]
