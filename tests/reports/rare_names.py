"""Characters from every CJK block, as they appear in real names, for the printing tests.

Each is an assigned code point; the comment names its block and the shipped face that
draws it (the first in the chain that has it).
"""

from __future__ import annotations

URO = "野家"              # U+91CE U+5BB6, unified ideographs: WenQuanYi Micro Hei
EXT_A = "\u4dae"          # 䶮 U+4DAE, Extension A (刘䶮, founder of the Southern Han): HanaMin A
EXT_B = "\U00020bb7"      # 𠮷 U+20BB7, Extension B (the 吉 of 𠮷野家): HanaMin A
EXT_B2 = "\U0002a6a5"     # 𪚥 U+2A6A5, Extension B (four 龍): HanaMin A
EXT_C = "\U0002b5af"      # 𫖯 U+2B5AF, Extension C (赵孟𫖯 in the 通用规范汉字表 spelling): HanaMin A
EXT_D = "\U0002b7e6"      # U+2B7E6, Extension D: HanaMin A
EXT_E = "\U0002c317"      # 𬌗 U+2C317, Extension E: HanaMin A
EXT_F = "\U0002ceb0"      # U+2CEB0, Extension F (its first character): HanaMin B
EXT_G = "\U00030ede"      # 𰻞 U+30EDE, Extension G (biáng of biángbiáng noodles): BabelStone Han
COMPAT = "\U0002f800"     # 丽 U+2F800, compatibility ideographs supplement: HanaMin A
COMPAT_BMP = "\ufa11"     # 﨑 U+FA11, compatibility ideograph (山﨑): WenQuanYi Micro Hei

NO_FACE = "\U00030041"    # U+30041, Extension G, in no shipped face: prints "[U+30041]"
PRIVATE = "\U000f0000"    # U+F0000, private use (the app refuses to store it): "[U+F0000]"

EVERY_BLOCK = (URO, EXT_A, EXT_B, EXT_B2, EXT_C, EXT_D, EXT_E, EXT_F, EXT_G, COMPAT, COMPAT_BMP)

CUSTOMER = f"{EXT_B}{URO}{EXT_A}"                       # 𠮷野家䶮
ADDRESS = f"北京市{EXT_C}{EXT_D}路{EXT_E}{EXT_F}巷 {EXT_G}{EXT_G}面馆{COMPAT}{COMPAT_BMP} 8 号"
WORDS = f"{EXT_B2}客户说刹车异响，名字里的{NO_FACE}请手写补上"
BRANCH = f"北京{EXT_B}{URO}{EXT_G}店"
TECHNICIAN = f"张{EXT_A}{EXT_F}"
