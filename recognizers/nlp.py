"""spaCy pipelines for Presidio, built in code so that nothing is ever downloaded.

The default is a blank multi-language pipeline (tokenizer only) plus `ccscan_lemma`, a component that
fills every token's lemma with its lower-cased text: Presidio's own context enhancer compares context
words with lemmas, and a blank pipeline leaves them empty. `--nlp-model` loads an installed model
(package name or path) instead, for its named-entity recognition (`NerRecognizer`).
"""

from __future__ import annotations

import spacy
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.language import Language
from spacy.tokens import Doc

from recognizers.base import SCAN_LANGUAGE, DeclaredRecognizer

LEMMA_COMPONENT = "ccscan_lemma"


@Language.component(LEMMA_COMPONENT)
def fill_lemmas(doc: Doc) -> Doc:
    """Set each token's lemma to its lower-cased text where the pipeline left it empty."""
    for token in doc:
        if not token.lemma_:
            token.lemma_ = token.lower_
    return doc


def blank_pipeline(language: str = "xx") -> Language:
    """A tokenizer-only pipeline for `language` with lemmas filled; loads no model."""
    nlp = spacy.blank(language)
    nlp.add_pipe(LEMMA_COMPONENT)
    return nlp


class ModelNotInstalled(ValueError):
    """`--nlp-model` names a spaCy model that is not installed (ccscan never downloads one)."""


def installed_pipeline(name_or_path: str) -> Language:
    """An installed spaCy model (package name or folder). Never downloads: a missing model is an error."""
    try:
        nlp = spacy.load(name_or_path)
    except OSError as error:
        raise ModelNotInstalled(
            f"spaCy model {name_or_path!r} is not installed ({error.__class__.__name__})"
        ) from None
    nlp.add_pipe(LEMMA_COMPONENT, last=True)
    return nlp


class NerRecognizer(DeclaredRecognizer, SpacyRecognizer):
    """Presidio's SpacyRecognizer over the `--nlp-model` pipeline's named entities. A person's name is
    PERSON; places, organisations, groups and dates are not a category of personal data of their own
    (OTHER, rated low). No CANDIDATE: the fast engine analyses every cell when it is registered."""

    ENTITIES = {
        "PERSON": "PERSON",
        "LOCATION": "OTHER",
        "ORGANIZATION": "OTHER",
        "NRP": "OTHER",
        "DATE_TIME": "OTHER",
    }

    def __init__(self, supported_language: str = SCAN_LANGUAGE) -> None:
        # the name Presidio gives its own class, as results and explanations have always carried it
        super().__init__(supported_language, list(self.ENTITIES), name=SpacyRecognizer.__name__)
