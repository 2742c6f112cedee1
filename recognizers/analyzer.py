"""The offline Presidio AnalyzerEngine ccscan scans with.

Built explicitly: a blank spaCy pipeline (or an installed model named by the user), ccscan's recognizer
set registered under one analysis language, and the whole-word context enhancer. Nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from recognizers.base import SCAN_LANGUAGE
from recognizers.context import WholeWordContextEnhancer
from recognizers.nlp import NerRecognizer, blank_pipeline, installed_pipeline
from recognizers.registry import check_declared, default_recognizers

DEFAULT_THRESHOLD = 0.5


def build_nlp_engine(nlp_model: str | None = None) -> SpacyNlpEngine:
    """A loaded SpacyNlpEngine over a blank pipeline, or over an installed model; never downloads."""
    engine = SpacyNlpEngine(models=[{"lang_code": SCAN_LANGUAGE, "model_name": nlp_model or "blank"}])
    engine.nlp = {SCAN_LANGUAGE: installed_pipeline(nlp_model) if nlp_model else blank_pipeline()}
    return engine


def build_analyzer(
    nlp_model: str | None = None,
    recognizers: Sequence[EntityRecognizer] | None = None,
) -> AnalyzerEngine:
    """The engine of record: ccscan's recognizers (or `recognizers`) over an offline NLP engine.

    With `nlp_model`, the model's named-entity recognizer is used as well (PERSON, LOCATION …). Every
    recognizer must declare the types it reports (recognizers/registry.py raises RegistryError).
    """
    chosen = list(recognizers) if recognizers is not None else default_recognizers()
    if not chosen and not nlp_model:
        # An empty registry would make Presidio load its predefined (US) recognizers.
        raise ValueError("no recognizers to scan with")
    registry = RecognizerRegistry(supported_languages=[SCAN_LANGUAGE])
    if nlp_model:
        chosen.append(NerRecognizer())
    for recognizer in chosen:
        check_declared(recognizer)
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=build_nlp_engine(nlp_model),
        supported_languages=[SCAN_LANGUAGE],
        context_aware_enhancer=WholeWordContextEnhancer(),
        default_score_threshold=DEFAULT_THRESHOLD,
    )
