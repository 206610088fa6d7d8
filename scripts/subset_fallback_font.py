#!/usr/bin/env python3
"""Cut BabelStone Han down to the CJK characters the faces before it in the chain lack.

Why: the full font is 51 MB, and the app needs it only for what WenQuanYi Micro Hei and
HanaMin A/B do not draw (CJK Extensions G, H and I, a few dozen others). The subset keeps
those glyphs only (about 5 MB) and records in the font itself how and when it was changed,
as the Arphic Public License asks of a modified copy (its section 2a).

A development tool, not run by the app: it needs fontTools (``pip install fonttools`` in a
scratch virtualenv) and the full font from Debian's ``fonts-babelstone-han`` package:

    # 16.0.3 is in Debian unstable (bookworm has 15.0.5, with 424 fewer Extension G characters)
    apt-get download fonts-babelstone-han/sid && dpkg-deb -x fonts-babelstone-han_*.deb x
    python scripts/subset_fallback_font.py x/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "resources" / "fonts"
EARLIER = ("wqy-microhei.ttc", "HanaMinA.ttf", "HanaMinB.ttf")
OUT = FONTS / "BabelStoneHan-subset.ttf"

CJK_RANGES = (
    (0x2E80, 0x2FFF),    # radicals, Kangxi radicals, ideographic description characters
    (0x3000, 0x303F),    # CJK symbols and punctuation
    (0x31C0, 0x31EF),    # CJK strokes
    (0x3200, 0x33FF),    # enclosed CJK letters, CJK compatibility
    (0x3400, 0x4DBF),    # Extension A
    (0x4E00, 0x9FFF),    # unified ideographs (URO)
    (0xF900, 0xFAFF),    # compatibility ideographs
    (0xFE30, 0xFE4F),    # compatibility forms
    (0x20000, 0x323AF),  # Extensions B to I, compatibility supplement, Extensions G and H
)


def _cmap(path: Path) -> set[int]:
    font = TTCollection(str(path)).fonts[0] if path.suffix == ".ttc" else TTFont(str(path), lazy=True)
    return set(font.getBestCmap())


def needed(full: Path) -> list[int]:
    earlier: set[int] = set()
    for name in EARLIER:
        earlier |= _cmap(FONTS / name)
    return sorted(code for code in _cmap(full)
                  if code not in earlier and any(lo <= code <= hi for lo, hi in CJK_RANGES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("full_font", type=Path, help="BabelStoneHan.ttf from fonts-babelstone-han")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    codes = needed(args.full_font)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["DSIG", "GSUB", "GPOS", "GDEF", "meta"]
    font = subset.load_font(str(args.full_font), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    today = dt.date.today().isoformat()
    notice = (f"Modified {today} for DealerDesk: subset to the {len(codes)} CJK characters "
              f"that WenQuanYi Micro Hei and HanaMin A/B lack (scripts/subset_fallback_font.py); "
              f"hinting and OpenType layout tables removed. Otherwise unchanged.")
    names = font["name"]
    for record in list(names.names):
        if record.nameID == 5:
            names.setName(f"{record.toUnicode()}; DealerDesk subset {today}", 5,
                          record.platformID, record.platEncID, record.langID)
        elif record.nameID == 10:
            names.setName(f"{notice} {record.toUnicode()}", 10,
                          record.platformID, record.platEncID, record.langID)
    font.save(str(args.out))
    print(f"{args.out}: {len(codes)} characters, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
