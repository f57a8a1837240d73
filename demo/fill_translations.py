"""Fill the demo catalogs from demo/translations/<locale>/<slug>.json (used by demo/regenerate.sh)."""
import json, sys, polib
from pathlib import Path
root = Path(sys.argv[1]); tr = Path(__file__).resolve().parent / 'translations'
for f in sorted(tr.glob('*/*.json')):
    po_path = root / 'locales' / f.parent.name / (f.stem + '.po')
    if not po_path.exists(): continue
    table = json.loads(f.read_text(encoding='utf-8'))
    po = polib.pofile(str(po_path)); n = 0
    for e in po:
        if e.msgid in table:
            e.msgstr = table[e.msgid]; n += 1
            if 'fuzzy' in e.flags: e.flags.remove('fuzzy')
    po.save(); print(po_path, n, 'of', len(table))
