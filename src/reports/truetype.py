"""ReportLab's TrueType font with a ToUnicode map that is right beyond U+FFFF.

Why: a PDF viewer copies text, and pdftotext or pypdf extract it, through each font's
ToUnicode CMap. ReportLab writes every destination with ``"<%04X>"``
(``reportlab.pdfbase.ttfonts.makeToUnicodeCMap``), so 𠮷 (U+20BB7) becomes ``<20BB7>``:
five hex digits, which no reader decodes as the character. A ToUnicode destination is
UTF-16BE, so a character beyond the BMP needs its surrogate pair, ``<D842DFB7>``. The
fix lives here, in our font layer, and not as a patch of ReportLab's module: only our
faces write their maps this way, and the rest of ReportLab is left as it ships.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.ttfonts import TTFont


def utf16_hex(code: int) -> str:
    """``code`` as the hex of its UTF-16BE code units (a surrogate pair beyond U+FFFF)."""
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(name: str, subset: Sequence[int]) -> str:
    """The ToUnicode CMap of one 256-code subset, as ReportLab writes it but in UTF-16."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({name})",
        f"/Ordering ({name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{index:02X}> <{utf16_hex(code)}>" for index, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


class UnicodeTTFont(TTFont):
    """A :class:`TTFont` whose subsets map back to characters beyond the BMP as well.

    ReportLab builds each subset's font dictionary in ``addObjects`` and forgets the
    subsets afterwards; they are read before, and the map of every subset that holds a
    character beyond U+FFFF is written again (the BMP-only ones are already right).
    """

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (ReportLab's name)
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)
        if not any(code > 0xFFFF for subset in subsets for code in subset):
            return
        fonts = doc.idToObject["BasicFonts"].dict
        for number, subset in enumerate(subsets):
            if max(subset, default=0) <= 0xFFFF:
                continue
            font = fonts[f"{state.internalName}+{number}"]
            stream = doc.idToObject[font.ToUnicode.name]
            stream.content = to_unicode_cmap(font.BaseFont, subset)
