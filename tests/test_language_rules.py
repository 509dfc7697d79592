"""The memoised attribute ruler and lemmatizer give spaCy's own annotations, token by token."""

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, TAG

from newsledger import language
from newsledger.language import _rules

# Fictional text that exercises the rules: contractions the two-token rules read ("gon na",
# "ai n't", "let 's", "y' all", "c'm on"), expletive "there", pronoun case by dependency,
# auxiliaries, whitespace tokens, titles, numbers and punctuation.
TEXTS = [
    "I ain't gonna sign it, y'all, the mayor of Westbrook told reporters on Tuesday. "
    "Let's see what they got. C'mon, there is time.",
    "\n\nThe council's spokeswoman, Mira Okafor, said it had been \"a difficult week\".  "
    "She gets the reports; he got them too. It was raining, and it rained again.\n",
    "You asked me; I told you. They've done it, haven't they? Do it. Did he? Has she had lunch?",
    "Troops were deployed to the northern district at 3 a.m., officials said, and 1,200 people "
    "fled. The ministry denied that. What they did, which was late, is done.",
    "   \t ",
    "",
    "But but BUT. Gonna wanna gotta. There are 3 reasons — and there were more…",
]
COLUMNS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]


@pytest.fixture(scope="module")
def pipelines():
    import importlib

    stock = importlib.import_module(language._nlp.MODEL).load()
    return stock, language.nlp()


def test_the_shared_pipeline_uses_the_memoised_rules(pipelines):
    _stock, ours = pipelines
    assert _rules.NAME in ours.pipe_names
    assert "attribute_ruler" not in ours.pipe_names and "lemmatizer" not in ours.pipe_names


def test_annotations_are_spacys_own(pipelines):
    stock, ours = pipelines
    # Twice over: the second pass reads the memo the first one filled.
    for _ in range(2):
        for a, b in zip(stock.pipe(TEXTS), ours.pipe(TEXTS)):
            assert np.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)), a.text
            assert [(t.lemma_, t.pos_, str(t.morph)) for t in a] == [(t.lemma_, t.pos_, str(t.morph)) for t in b]


def test_two_token_rules_apply(pipelines):
    _stock, ours = pipelines
    doc = ours("We are gonna win, y'all.")
    assert [t.lemma_ for t in doc][2:4] == ["go", "to"]


def test_a_rule_form_it_cannot_evaluate_leaves_the_pipeline_alone():
    import importlib

    for spec in ({"LENGTH": {">=": 3}}, {"LOWER": "a", "OP": "?"}, {"LOWER": {"FUZZY": "said"}}):
        with pytest.raises(_rules._Unsupported):
            _rules._token_test(spec)
    nlp = importlib.import_module(language._nlp.MODEL).load()
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "x", "OP": "+"}]], {"POS": "X"})
    names = list(nlp.pipe_names)
    assert _rules.install(nlp).pipe_names == names
