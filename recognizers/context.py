"""Context that raises or lowers a match's score: words near the match and the column header.

Presidio's own enhancer matches context words as substrings of lemmas within five tokens before a
match ("lic" inside "public"; nothing after the match; "fnr:0101…" is one spaCy token). This enhancer
matches whole words, or stems on purpose (a context word ending in `*`), within `window` words before
and after the match in the raw text, and in the column header, which the scanner passes as `context`.
The nearest word before the match decides, whether positive (raises) or negative (order, invoice …:
lowers); then a positive word after it; then the header. A match whose value is its own evidence (a
phone written with a valid "+"/"00" calling code) is never lowered: one negative word does not cancel it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

from recognizers.base import VALUE_EVIDENCE_KEY

CONTEXT_KEY = "ccscan_context"

# A sentence ends after a number or a word of four or more letters: "kt. 120174-3389" and "tlf. 912…"
# keep their abbreviation in the same sentence as the number.
SENTENCE_END = re.compile(r"(?:\d|[^\W\d_]{4})[.!?](?=\s)")
WORD = re.compile(r"[^\W_](?:[\w]|[.\-](?=\w))*\.?")
# The same in the Rust dialect, for the vectorised engine on a text cut at the match: the last sentence
# end before it (group 1: up to and with the mark; the whitespace after it is consumed), the first after
# it, and the words ("[.-](?=\w)" then "\w" is "[.-]\w", the loop being greedy).
SENTENCE_BEFORE_RUST = r"^((?s:.*)(?:\d|[^\W\d_]{4})[.!?])\s"
SENTENCE_AFTER_RUST = r"^((?s:.*?)(?:\d|[^\W\d_]{4})[.!?])\s"
WORD_RUST = r"[^\W_](?:\w|[.\-]\w)*\.?"
HEADER_SPLIT = re.compile(r"[^0-9A-Za-zÀ-ÖØ-öø-ÿ.\-]+|(?<=[a-zæøåäöü])(?=[A-ZÆØÅÄÖÜ])")


@lru_cache(maxsize=4096)
def header_words(header: str) -> tuple[str, ...]:
    """The words of a column header: `customer_fnr` → [customer, fnr], `mobileNo` → [mobile, no].

    A dotted or hyphenated chunk counts whole and by its parts: `customer.phone` gives customer.phone,
    customer and phone; `f.nr` stays a word of its own.
    """
    words: list[str] = []
    for chunk in HEADER_SPLIT.split(header):
        if not chunk or not any(c.isalnum() for c in chunk):
            continue
        words.append(chunk.lower())
        parts = [part.lower() for part in re.split(r"[.\-]", chunk) if part]
        if len(parts) > 1:
            words.extend(parts)
    return tuple(words)


def _normalised(word: str) -> tuple[str, ...]:
    lower = word.lower()
    return (lower, lower.rstrip(".")) if lower.endswith(".") else (lower,)


class ContextMatcher:
    """A list of context words compiled for lookup: whole words, `stem*` prefixes and phrases."""

    def __init__(self, context_words: tuple[str, ...]) -> None:
        self.words = context_words
        self.whole: dict[str, int] = {}
        self.stems: dict[str, int] = {}  # stem -> first index; a word matches through its prefixes
        self.phrases_by_length: dict[int, dict[str, int]] = {}  # words in the phrase -> phrase -> index
        for index, word in enumerate(context_words):
            lower = word.lower()
            if lower.endswith("*"):
                self.stems.setdefault(lower[:-1], index)
            elif " " in lower:
                self.phrases_by_length.setdefault(lower.count(" ") + 1, {}).setdefault(lower, index)
            else:
                self.whole.setdefault(lower, index)
        self.stem_lengths = sorted({len(stem) for stem in self.stems})

    def _word_hits(self, forms: Iterable[str]) -> list[int]:
        """Indexes of the whole words and stems that match one of `forms` (one lookup per stem length)."""
        hits = []
        for form in forms:
            if form in self.whole:
                hits.append(self.whole[form])
            hits += [
                self.stems[form[:n]] for n in self.stem_lengths if n <= len(form) and form[:n] in self.stems
            ]
        return hits

    def match_at(self, words: Sequence[str], position: int) -> str | None:
        """The context word that is `words[position]`, or a phrase ending there, if any."""
        hits = self._word_hits(_normalised(words[position]))
        for length, phrases in self.phrases_by_length.items():
            if position + 1 >= length:
                index = phrases.get(" ".join(words[position + 1 - length : position + 1]).lower())
                if index is not None:
                    hits.append(index)
        return self.words[min(hits)] if hits else None

    def needles(self) -> tuple[str, ...]:
        """Lowercase texts of which a cell must hold one for a context word to match in it: each whole
        word, each stem, and the first word of each phrase (a word matches as its lowercase form, or
        with its final "." dropped, so the lowercase cell holds the word's text)."""
        firsts = [phrase.split()[0] for phrases in self.phrases_by_length.values() for phrase in phrases]
        return tuple(dict.fromkeys([*self.whole, *self.stems, *firsts]))

    def find_in_header(self, words: tuple[str, ...]) -> str | None:
        """`find` for a column header's words, remembered: every match in a column asks the same."""
        return _found_in_header(self, words)

    def find(self, words: Sequence[str]) -> str | None:
        """The first context word (in list order) that matches `words`."""
        hits = self._word_hits({form for word in words for form in _normalised(word)})
        if self.phrases_by_length:
            joined = " " + " ".join(w.lower() for w in words) + " "
            hits += [
                index
                for phrases in self.phrases_by_length.values()
                for phrase, index in phrases.items()
                if f" {phrase} " in joined
            ]
        return self.words[min(hits)] if hits else None


@lru_cache(maxsize=4096)  # an export has tens of headers, a folder of exports hundreds
def _found_in_header(matcher: ContextMatcher, words: tuple[str, ...]) -> str | None:
    return matcher.find(words)


@lru_cache(maxsize=512)
def context_matcher(context_words: tuple[str, ...]) -> ContextMatcher:
    return ContextMatcher(context_words)


def find_context_word(words: Sequence[str], context_words: Iterable[str]) -> str | None:
    """The first context word that matches `words` (whole word, `stem*`, or a multi-word phrase)."""
    return context_matcher(tuple(context_words)).find(words)


class WholeWordContextEnhancer(ContextAwareEnhancer):
    """Raise a score for context words around the match or in the header; lower it for negative words."""

    def __init__(
        self,
        context_similarity_factor: float = 0.35,
        min_score_with_context_similarity: float = 0.6,
        negative_factor: float = 0.4,
        window: int = 5,
    ) -> None:
        super().__init__(
            context_similarity_factor=context_similarity_factor,
            min_score_with_context_similarity=min_score_with_context_similarity,
            context_prefix_count=window,
            context_suffix_count=window,
        )
        self.negative_factor = negative_factor
        self.window = window
        # recognizer id -> ((its context, negative and header-negative lists), their matchers)
        self._compiled: dict[str, tuple[tuple[Sequence[str], ...], tuple[ContextMatcher, ...]]] = {}

    def _words_around(self, text: str, start: int, end: int) -> tuple[list[str], list[str]]:
        """Up to `window` words before the match (nearest last) and after it (nearest first), within
        the match's sentence."""
        sentence_start = 0
        for boundary in SENTENCE_END.finditer(text, 0, start):
            sentence_start = boundary.end()
        following = SENTENCE_END.search(text, end)
        sentence_end = following.end() if following else len(text)
        return (
            WORD.findall(text, sentence_start, start)[-self.window :],
            WORD.findall(text, end, sentence_end)[: self.window],
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: object,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        header = tuple(word for item in context or () for word in header_words(item))  # cached per header
        results = []
        for raw in raw_results:
            result = RecognizerResult(
                raw.entity_type,
                raw.start,
                raw.end,
                raw.score,
                raw.analysis_explanation,
                dict(raw.recognition_metadata or {}),
            )
            recognizer = by_id.get(
                result.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY)
            )
            results.append(result)
            if recognizer is None:
                continue
            before, after = self._words_around(text, raw.start, raw.end)
            self._apply(result, recognizer, before, after, header)
        return results

    def _apply(
        self,
        result: RecognizerResult,
        recognizer: EntityRecognizer,
        before: list[str],
        after: list[str],
        header: tuple[str, ...],
    ) -> None:
        """The nearest context word before the match decides, positive or negative ("ringte om faktura
        60458404" is an invoice); failing that, a positive word after it; failing that, the header.
        A negative word names the first number after it: past another number ("CVR 74529984, kontakt
        +4576460876") it no longer applies."""
        positive, negative, negative_header = self._matchers(recognizer)
        number_between = False
        for position in range(len(before) - 1, -1, -1):
            word = positive.match_at(before, position)
            if word:
                return self._raise(result, f"text word '{word}'", word)
            word = None if number_between else negative.match_at(before, position)
            if word:
                return self._lower(result, f"text word '{word}' (negative)")
            number_between = number_between or any(char.isdigit() for char in before[position])
        word = positive.find(after)
        if word:
            return self._raise(result, f"text word '{word}'", word)
        word = positive.find_in_header(header)
        if word:
            return self._raise(result, f"header word '{word}'", word)
        word = negative.find_in_header(header) or negative_header.find_in_header(header)
        if word:
            return self._lower(result, f"header word '{word}' (negative)")
        return None

    def _matchers(
        self, recognizer: EntityRecognizer
    ) -> tuple[ContextMatcher, ContextMatcher, ContextMatcher]:
        """The recognizer's positive and negative context words and its header-only negative words,
        compiled; looked up again only when its lists are replaced (a list changed in place is not
        seen: recognizers set theirs once)."""
        lists = (
            recognizer.context or (),
            getattr(recognizer, "negative_context", ()) or (),  # Presidio's own recognizers have none
            getattr(recognizer, "negative_header", ()) or (),
        )
        cached = self._compiled.get(recognizer.id)
        if cached is None or any(old is not new for old, new in zip(cached[0], lists)):
            cached = (lists, tuple(context_matcher(tuple(words)) for words in lists))
            self._compiled[recognizer.id] = cached
        return cached[1]

    def _raise(self, result: RecognizerResult, why: str, word: str) -> None:
        raised = max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity)
        result.score = round(min(raised, self.MAX_SCORE), 4)
        result.recognition_metadata[CONTEXT_KEY] = why
        result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        if result.analysis_explanation is not None:
            result.analysis_explanation.set_supportive_context_word(word)
            result.analysis_explanation.set_improved_score(result.score)

    def _lower(self, result: RecognizerResult, why: str) -> None:
        if result.recognition_metadata.get(VALUE_EVIDENCE_KEY):
            return
        result.score = round(max(result.score - self.negative_factor, self.MIN_SCORE), 4)
        result.recognition_metadata[CONTEXT_KEY] = why
        if result.analysis_explanation is not None:
            result.analysis_explanation.set_improved_score(result.score)
