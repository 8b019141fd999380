"""Bytes → str: size limit, binary sniffing and encoding detection, each with a clear error."""

from __future__ import annotations

from newsift.errors import E, NewsiftError, W

DEFAULT_MAX_BYTES = 5_000_000


def check_size(size: int, limit: int, what: str) -> None:
    if size > limit:
        raise NewsiftError(E.TOO_LARGE, size=size, limit=limit, what=what)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: not a text document.

    UTF-16 text has NULs too, so a UTF-16 BOM is let through to the decoder.
    """
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and control / len(head) > 0.05


def decode(data: bytes, what: str, warnings: list[str]) -> str:
    """Decode ``data``: UTF-8 (with or without BOM) first, then charset detection.

    A non-UTF-8 guess adds warning W101 to ``warnings`` so the user knows the characters
    may be off.
    """
    if not data.strip():
        raise NewsiftError(E.EMPTY, what=what)
    if looks_binary(data):
        raise NewsiftError(E.BINARY, what=what)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
            warnings.append(W.ENCODING_GUESSED.format(encoding="utf-16"))
            return text
        except UnicodeDecodeError as err:
            raise NewsiftError(E.UNDECODABLE, what=what) from err
    # Mostly-ASCII text with a few high bytes is Western news in cp1252/latin-1 far more
    # often than anything a statistical detector guesses from so little evidence.
    if sum(b < 128 for b in data) / len(data) > 0.9:
        for enc in ("cp1252", "latin-1"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            warnings.append(W.ENCODING_GUESSED.format(encoding=enc))
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise NewsiftError(E.UNDECODABLE, what=what)
    text = str(best)
    # a "decoding" full of replacement or control characters is no decoding
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    if not text.strip() or bad / max(1, len(text)) > 0.02:
        raise NewsiftError(E.UNDECODABLE, what=what)
    warnings.append(W.ENCODING_GUESSED.format(encoding=best.encoding))
    return text
