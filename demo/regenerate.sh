#!/usr/bin/env bash
# How the demo's committed catalogs, reviews and ledgers were made, so anyone can redo it:
# editors sign with the DEMO ONLY keys in demo/keys/; translators' work comes from demo/translations/*.json, editors act with their own
# email as git's user.email, a source correction after translation makes entries fuzzy
# and reviews stale. Run from the repository root; it rewrites locales/ and the ledgers.
set -euo pipefail
cd "$(dirname "$0")/.."
l10n=.venv/bin/l10n
as_editor() {  # as_editor EMAIL COMMAND...: run with git's user.email set to the editor's
  local config; config=$(mktemp); printf '[user]\n\temail = %s\n' "$1" > "$config"; shift
  GIT_CONFIG_GLOBAL=$config "$@"; rm -f "$config"
}
git checkout -- source/solar-grid.html 2>/dev/null || true
# The byline as it was when the translators worked (corrected again at the end).
sed -i 's|By Zhao Ruonan and Lin Qiuyue in Tashkent|By Zhao Ruonan in Tashkent|' source/solar-grid.html
rm -rf locales && mkdir locales
$l10n import demo/captures/wetland-birds.txt
$l10n extract -q && $l10n update -q
.venv/bin/python demo/fill_translations.py .
$l10n update -q
# Editors sign off.
as_editor wangxx@example.org $l10n review approve --editor wangxx -l zh_CN --all --key demo/keys/wangxx
as_editor m.rahimi@example.org $l10n review approve --editor rahimi -l fa --all --key demo/keys/rahimi
as_editor a.petrova@example.org $l10n review approve --editor petrova -l ru --all --key demo/keys/petrova \
  solar-grid wetland-birds
as_editor wangxx@example.org $l10n review reject --editor wangxx -l zh_CN quantum-lab \
  --key demo/keys/wangxx --match "Photonic Chip" --note "标题过长，请压缩到十五字以内"
# A translator polishes an approved translation afterwards: that review is stale now.
.venv/bin/python - <<'PY'
import polib
po = polib.pofile("locales/zh_CN/river-survey.po")
entry = next(e for e in po if e.msgid == "Top News")
entry.msgstr = "今日要闻"
po.save()
PY
# The desk corrects the byline after translation: entries go fuzzy, reviews stale.
sed -i 's|By Zhao Ruonan in Tashkent|By Zhao Ruonan and Lin Qiuyue in Tashkent|' source/solar-grid.html
$l10n extract -q && $l10n update
