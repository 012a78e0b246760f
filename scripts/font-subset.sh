#!/usr/bin/env bash
# Rebuilds public/fonts/NotoSansSC-{Regular,Bold}-subset.ttf, the fonts quote PDFs embed.
# Source: Google Fonts' static Noto Sans SC TrueType files (SIL OFL 1.1), as shipped in the npm
# package @expo-google-fonts/noto-sans-sc@0.4.3. The subset keeps ASCII, Latin-1, general and
# CJK punctuation, full-width forms, a few technical signs and every GB2312 hanzi (levels 1 and
# 2, 6,763 characters): about 2.2 MB per weight instead of 10.5 MB. pdf-lib subsets again per
# document, so a PDF carries only the glyphs it uses.
# Needs Debian's python3-fonttools (apt-get install -y python3-fonttools).
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/public/fonts"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @expo-google-fonts/noto-sans-sc@0.4.3 >/dev/null
tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz package/400Regular/NotoSansSC_400Regular.ttf package/700Bold/NotoSansSC_700Bold.ttf package/LICENSE_FONT
/usr/bin/python3 - <<'PY'
chars = set(chr(c) for c in range(0x20, 0x7F)) | set(chr(c) for c in range(0xA0, 0x100))
for lo, hi in ((0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)):
    chars |= set(chr(c) for c in range(lo, hi))
chars |= set('×÷±°≤≥≠→←↑↓€¥£¢№℃Ω√∞·•…‰™®©')
for first in range(0xA1, 0xF8):
    for second in range(0xA1, 0xFF):
        try:
            chars.add(bytes([first, second]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
open('chars.txt', 'w', encoding='utf-8').write(''.join(sorted(chars)))
PY
for weight in Regular:400Regular Bold:700Bold; do
  name="${weight%%:*}"; dir="${weight##*:}"
  /usr/bin/python3 -m fontTools.subset "package/$dir/NotoSansSC_$dir.ttf" --text-file=chars.txt --no-hinting \
    --layout-features='' --name-IDs='*' --name-languages='*' --output-file="$out/NotoSansSC-$name-subset.ttf"
done
cp package/LICENSE_FONT "$out/OFL.txt"
ls -la "$out"
