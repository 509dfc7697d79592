"""Settings: one frozen object, read from the environment only when a shell asks."""

from __future__ import annotations

import dataclasses

import pytest

from newsledger.settings import DEFAULT, Settings


def test_settings_are_frozen_and_read_from_the_given_environment():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.batch_size = 1  # type: ignore[misc]
    assert Settings.from_env({}) == DEFAULT
    given = Settings.from_env({"NEWSLEDGER_ACLED_CLASSIFIER": "1", "NEWSLEDGER_TOKEN": "s3cret"})
    assert given.acled_classifier and given.api_token == "s3cret"
    assert Settings.from_env({"NEWSLEDGER_TOKEN": ""}).api_token is None
