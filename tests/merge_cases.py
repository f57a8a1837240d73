"""Labelled before/after edits of article segments, for choosing the fuzzy-match measure.

Each case pairs an old msgid with a new one; `should_match` says whether a translator would
rather start from the old translation (edited) than from scratch. The texts are invented
newsroom copy about science, energy and the environment.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CASES", "EditCase"]


@dataclass(frozen=True, slots=True)
class EditCase:
    """One labelled edit: the old msgid, the new msgid, and whether reuse helps."""

    kind: str
    old: str
    new: str
    should_match: bool
    note: str


_P_SOLAR = (
    "The floating solar farm on the Alqueva reservoir now covers 70 hectares. "
    "Engineers say the water keeps the panels cool, which raises their output by about "
    "five per cent."
)
_P_SOLAR_A = "The floating solar farm on the Alqueva reservoir now covers 70 hectares."
_P_SOLAR_B = (
    "Engineers say the water keeps the panels cool, which raises their output by about "
    "five per cent."
)
_P_GLACIER = (
    "Researchers drilled 300 metres into the glacier to recover ice that formed before "
    "the last ice age. The cores will be stored at minus 50 degrees in a vault in Antarctica."
)
_P_GLACIER_A = (
    "Researchers drilled 300 metres into the glacier to recover ice that formed before "
    "the last ice age."
)
_P_GLACIER_B = "The cores will be stored at minus 50 degrees in a vault in Antarctica."
_P_GRID_A = "The grid operator warned that the winter would be tight."
_P_GRID_B = "Two gas plants are offline for repairs, and imports from Norway have fallen."
_P_GRID = f"{_P_GRID_A} {_P_GRID_B}"
_P_BEES_A = "Wild bee numbers in the county fell by a third between 2010 and 2020."
_P_BEES_B = (
    "Farmers who left strips of wildflowers along their fields saw the smallest losses, "
    "according to the survey."
)
_P_BEES = f"{_P_BEES_A} {_P_BEES_B}"
_P_HEAT_A = (
    "Heat pumps outsold gas boilers in the region for the first time last year, "
    "helped by a government grant of 7,500 euros."
)
_P_HEAT_B = "Installers say they cannot train new staff fast enough to meet demand."
_P_HEAT = f"{_P_HEAT_A} {_P_HEAT_B}"
_P_CORAL_A = "Divers counted bleached corals along 40 kilometres of the reef in March."
_P_CORAL_B = "Most of the damage was in shallow water, where temperatures peaked at 31 degrees."
_P_CORAL = f"{_P_CORAL_A} {_P_CORAL_B}"

CASES: list[EditCase] = [
    # --- one word changed ---
    EditCase(
        "word",
        "The new battery can store enough energy to power 20,000 homes for an evening.",
        "The new battery can store enough electricity to power 20,000 homes for an evening.",
        True,
        "synonym swap",
    ),
    EditCase(
        "word",
        "Scientists say the drought is the worst in five centuries.",
        "Scientists say the drought is the worst in five decades.",
        True,
        "fact corrected by one word",
    ),
    EditCase(
        "word",
        "The council approved the wind farm on Tuesday after a long debate.",
        "The council rejected the wind farm on Tuesday after a long debate.",
        True,
        "meaning flipped, structure kept",
    ),
    EditCase(
        "word",
        "Emissions from shipping rose sharply as trade recovered.",
        "Emissions from aviation rose sharply as trade recovered.",
        True,
        "subject changed",
    ),
    EditCase(
        "word",
        "The study was published in the journal Nature on Wednesday.",
        "The study was published in the journal Science on Wednesday.",
        True,
        "journal name",
    ),
    EditCase(
        "word",
        "Local residents have long complained about the smell from the plant.",
        "Local residents have long complained about the noise from the plant.",
        True,
        "one noun",
    ),
    EditCase(
        "word",
        "Rain is expected to return by the weekend.",
        "Rain is unlikely to return by the weekend.",
        True,
        "short sentence, one word",
    ),
    # --- typo fixed ---
    EditCase(
        "typo",
        "The reactor will be decomissioned over the next decade.",
        "The reactor will be decommissioned over the next decade.",
        True,
        "missing letter",
    ),
    EditCase(
        "typo",
        "Ther are fewer than 400 of the frogs left in the wild.",
        "There are fewer than 400 of the frogs left in the wild.",
        True,
        "missing letter at start",
    ),
    EditCase(
        "typo",
        "The companys chief executive declined to comment.",
        "The company's chief executive declined to comment.",
        True,
        "apostrophe",
    ),
    EditCase(
        "typo",
        "Sea levels rose by 4 milimetres a year over the period.",
        "Sea levels rose by 4 millimetres a year over the period.",
        True,
        "doubled letter",
    ),
    EditCase(
        "typo",
        "The the agency has not said when the report will be released.",
        "The agency has not said when the report will be released.",
        True,
        "doubled word",
    ),
    EditCase(
        "typo",
        "Wildfires burned more than 2 milion hectares across the north.",
        "Wildfires burned more than 2 million hectares across the north.",
        True,
        "million",
    ),
    EditCase("typo", "Enviroment", "Environment", True, "section name typo"),
    # --- figures corrected ---
    EditCase(
        "figure",
        "The project will cost 25 billion euros and employ 3,000 people.",
        "The project will cost 27 billion euros and employ 3,000 people.",
        True,
        "amount",
    ),
    EditCase(
        "figure",
        "The heatwave began on 12 July and lasted nine days.",
        "The heatwave began on 14 July and lasted eleven days.",
        True,
        "date and duration",
    ),
    EditCase(
        "figure",
        "Updated 3 May 2024, 09:15",
        "Updated 4 May 2024, 17:40",
        True,
        "timestamp line",
    ),
    EditCase(
        "figure",
        "Global temperatures were 1.45C above pre-industrial levels.",
        "Global temperatures were 1.48C above pre-industrial levels.",
        True,
        "decimal",
    ),
    EditCase(
        "figure",
        "About 60 per cent of the country's power now comes from renewables.",
        "About 64 per cent of the country's power now comes from renewables.",
        True,
        "percentage",
    ),
    EditCase(
        "figure",
        "The telescope will launch in 2027, two years later than planned.",
        "The telescope will launch in 2029, four years later than planned.",
        True,
        "year and delay",
    ),
    EditCase("figure", "12 comments", "13 comments", True, "counter"),
    EditCase(
        "figure",
        "By 2030 the city wants 500 electric buses on its roads.",
        "By 2035 the city wants 800 electric buses on its roads.",
        True,
        "two numbers",
    ),
    # --- name corrected ---
    EditCase(
        "name",
        "\u201cWe are running out of time,\u201d said Maria Kowalsky, who leads the project.",
        "\u201cWe are running out of time,\u201d said Maria Kowalska, who leads the project.",
        True,
        "surname spelling",
    ),
    EditCase(
        "name",
        "The samples were analysed at the University of Leeds.",
        "The samples were analysed at the University of Bristol.",
        True,
        "institution",
    ),
    EditCase(
        "name",
        "Dr Okafor said the results were encouraging but preliminary.",
        "Prof Adebayo Okafor said the results were encouraging but preliminary.",
        True,
        "title and first name",
    ),
    EditCase(
        "name",
        "Photo: Jens Halvorsen / Reuters",
        "Photo: Jens Halvorsen / AFP",
        True,
        "credit agency",
    ),
    EditCase(
        "name",
        "The lake, near Lake Baikal, has lost half its depth.",
        "The lake, near Lake Balkhash, has lost half its depth.",
        True,
        "place name",
    ),
    EditCase("name", "By Tom Reyes", "By Tomás Reyes", True, "byline accent"),
    # --- sentence added to a paragraph ---
    EditCase(
        "sentence-added",
        _P_SOLAR_A,
        _P_SOLAR,
        True,
        "second sentence appended",
    ),
    EditCase(
        "sentence-added",
        _P_GRID_A,
        _P_GRID,
        True,
        "short sentence grows into paragraph",
    ),
    EditCase(
        "sentence-added",
        _P_BEES,
        _P_BEES + " The report calls for subsidies to double.",
        True,
        "third sentence appended",
    ),
    EditCase(
        "sentence-added",
        _P_CORAL_B,
        "Scientists returned in May. " + _P_CORAL_B,
        True,
        "sentence prepended",
    ),
    EditCase(
        "sentence-added",
        "The plant closed in 2019.",
        "The plant closed in 2019. Its cooling towers were demolished last month in front of "
        "a crowd of several hundred people, many of whom had worked there for decades.",
        False,
        "short old sentence dwarfed by new material",
    ),
    # --- sentence removed ---
    EditCase("sentence-removed", _P_HEAT, _P_HEAT_A, True, "last sentence cut"),
    EditCase("sentence-removed", _P_CORAL, _P_CORAL_B, True, "first sentence cut"),
    EditCase(
        "sentence-removed",
        _P_BEES + " The report calls for subsidies to double.",
        _P_BEES,
        True,
        "tail cut",
    ),
    EditCase(
        "sentence-removed",
        "Officials said the spill had been contained. Clean-up crews will stay on the beach "
        "until Friday. Fishing remains banned within five kilometres of the wreck.",
        "Officials said the spill had been contained. Fishing remains banned within five "
        "kilometres of the wreck.",
        True,
        "middle cut",
    ),
    # --- paragraph split (old paragraph vs each half) ---
    EditCase("split", _P_SOLAR, _P_SOLAR_A, True, "first half"),
    EditCase("split", _P_SOLAR, _P_SOLAR_B, True, "second half"),
    EditCase("split", _P_GLACIER, _P_GLACIER_A, True, "first half"),
    EditCase("split", _P_GLACIER, _P_GLACIER_B, True, "second half"),
    EditCase("split", _P_GRID, _P_GRID_B, True, "second half"),
    # --- two paragraphs merged (each old vs merged) ---
    EditCase("merge", _P_HEAT_A, _P_HEAT, True, "first of two"),
    EditCase("merge", _P_HEAT_B, _P_HEAT, True, "second of two"),
    EditCase("merge", _P_CORAL_A, _P_CORAL, True, "first of two"),
    EditCase("merge", _P_CORAL_B, _P_CORAL, True, "second of two"),
    EditCase("merge", _P_BEES_B, _P_BEES, True, "second of two"),
    # --- paragraph removed (old vs an unrelated new paragraph) ---
    EditCase("removed", _P_SOLAR, _P_GLACIER, False, "different story"),
    EditCase("removed", _P_HEAT, _P_CORAL, False, "different story"),
    EditCase("removed", _P_GRID, _P_BEES, False, "different story"),
    EditCase(
        "removed",
        "The ministry said it would publish the full data set later this month.",
        "Volunteers planted 12,000 oak saplings on the hillside over the weekend.",
        False,
        "no overlap",
    ),
    EditCase(
        "removed",
        _P_GLACIER_B,
        "The bridge will reopen to traffic in the spring after the flood repairs.",
        False,
        "no overlap",
    ),
    # --- reordered sentences ---
    EditCase("reordered", _P_GRID, f"{_P_GRID_B} {_P_GRID_A}", True, "two sentences swapped"),
    EditCase("reordered", _P_BEES, f"{_P_BEES_B} {_P_BEES_A}", True, "two sentences swapped"),
    EditCase(
        "reordered",
        "Under the plan, coal will be phased out by 2033 and gas by 2045.",
        "Under the plan, gas will be phased out by 2045 and coal by 2033.",
        True,
        "clauses swapped",
    ),
    EditCase(
        "reordered",
        "In a statement on Monday, the company apologised for the leak.",
        "The company apologised for the leak in a statement on Monday.",
        True,
        "phrase moved",
    ),
    # --- headline rewritten ---
    EditCase(
        "headline",
        "Record heat pushes Europe's power grid to the brink",
        "Record heat pushes Europe's power grids to the brink",
        True,
        "plural",
    ),
    EditCase(
        "headline",
        "Scientists find microplastics in Antarctic snow",
        "Scientists find microplastics in fresh Antarctic snow",
        True,
        "word inserted",
    ),
    EditCase(
        "headline",
        "Offshore wind auction draws no bids",
        "Offshore wind auction draws no bids as costs soar",
        True,
        "tail added",
    ),
    EditCase(
        "headline",
        "Government delays decision on new coal mine",
        "Ministers approve Cumbrian coal mine despite protests",
        False,
        "story moved on",
    ),
    EditCase(
        "headline",
        "Live: storm makes landfall on the east coast",
        "Storm weakens after making landfall, thousands without power",
        False,
        "live headline replaced",
    ),
    EditCase(
        "headline",
        "How a tiny beetle is killing Europe's spruce forests",
        "How a tiny beetle is killing Europe's forests",
        True,
        "word dropped",
    ),
    # --- placeholders added or moved ---
    EditCase(
        "placeholder",
        "Read the full report on the agency's website.",
        "Read <1>the full report</1> on the agency's website.",
        True,
        "link added",
    ),
    EditCase(
        "placeholder",
        "Read <1>the full report</1> on the agency's website.",
        "Read the full report on <1>the agency's website</1>.",
        True,
        "link moved",
    ),
    EditCase(
        "placeholder",
        "The chart shows <1>monthly</1> rainfall since 1900.",
        "The chart shows <1>monthly</1> rainfall since 1900.<2/>",
        True,
        "footnote marker added",
    ),
    EditCase(
        "placeholder",
        "Sign up for <1>our climate newsletter</1>.",
        "Sign up for <1>our weekly climate newsletter</1>.",
        True,
        "word inside placeholder",
    ),
    EditCase(
        "placeholder",
        "<1>Correction:</1> an earlier version misstated the size of the plant.",
        "<1>Correction:</1> an earlier version misstated the capacity of the plant.",
        True,
        "word after placeholder",
    ),
    EditCase(
        "placeholder",
        "See <1>the map</1> and <2>the data</2>.",
        "See <2>the data</2> and <1>the map</1>.",
        True,
        "placeholders swapped",
    ),
    EditCase(
        "placeholder",
        "<1>Photo</1>",
        "<1>Video</1>",
        False,
        "short label under the same markup",
    ),
    # --- short strings ---
    EditCase("short", "Home", "Homes", False, "navigation vs property section"),
    EditCase("short", "Read more", "Read next", False, "different button"),
    EditCase("short", "Sign in", "Sign up", False, "different action"),
    EditCase("short", "Share", "Share this", True, "same action, longer label"),
    EditCase("short", "Subscribe", "Subscribe now", True, "call to action extended"),
    EditCase("short", "Science", "Sciences", False, "different section"),
    EditCase("short", "Most read", "Most shared", False, "different list"),
    EditCase("short", "Next", "Text", False, "one letter apart"),
    EditCase("short", "Climate", "Climate crisis", True, "section renamed"),
    EditCase("short", "Energy", "Enemy", False, "near spelling"),
    EditCase("short", "Share on Facebook", "Share on X", True, "platform swapped"),
    EditCase("short", "Comments", "Contents", False, "near spelling"),
    EditCase("short", "Log out", "Log out now", True, "word added"),
    # --- unrelated sentences sharing common words ---
    EditCase(
        "unrelated",
        "The company said the plan would cut emissions by half by 2030.",
        "The minister said the plan would not be ready by the end of the year.",
        False,
        "same frame, different claim",
    ),
    EditCase(
        "unrelated",
        "It is the first time that the river has flooded in the winter.",
        "It is not the first time that the company has been fined for the spill.",
        False,
        "function words shared",
    ),
    EditCase(
        "unrelated",
        "The report is expected to be published later this year.",
        "The turbines are expected to be installed later this month.",
        False,
        "same construction",
    ),
    EditCase(
        "unrelated",
        "The new rules will come into force in January.",
        "The new reactor will come online in January.",
        False,
        "different subject, shared words",
    ),
    EditCase(
        "unrelated",
        "According to the survey, most people in the region support the ban.",
        "According to the police, most of the protesters left the site peacefully.",
        False,
        "shared opening",
    ),
    EditCase(
        "unrelated",
        "\u201cThis is a very serious situation,\u201d she said.",
        "\u201cThis is a very good day for the town,\u201d he said.",
        False,
        "quote frame",
    ),
    EditCase(
        "unrelated",
        "There is no evidence that the vaccine harms the birds.",
        "There is no sign that the drought will end soon.",
        False,
        "shared opening",
    ),
    EditCase(
        "unrelated",
        "The results were published on Monday in the journal Nature.",
        "The results will be discussed on Monday at a meeting in Geneva.",
        False,
        "shared frame",
    ),
    # --- Chinese source (no spaces) ---
    EditCase(
        "chinese",
        "研究人员在冰川中钻探了三百米深。",
        "研究人员在冰川中钻探了五百米深。",
        True,
        "number word",
    ),
    EditCase(
        "chinese",
        "该项目将耗资250亿欧元。",
        "该项目将耗资270亿欧元。",
        True,
        "figure",
    ),
    EditCase(
        "chinese",
        "风电场于周二获得市议会批准。",
        "风电场于周二被市议会否决。",
        True,
        "verb changed",
    ),
    EditCase(
        "chinese",
        "科学家表示\uff0c这是五百年来最严重的干旱。",
        "科学家表示\uff0c这是五百年来最严重的干旱。当局已开始限制用水。",
        True,
        "sentence added",
    ),
    EditCase(
        "chinese",
        "漂浮式太阳能电站目前占地七十公顷。工程师说\uff0c水能让电池板保持凉爽。",
        "漂浮式太阳能电站目前占地七十公顷。",
        True,
        "paragraph split",
    ),
    EditCase(
        "chinese",
        "阅读<1>完整报告</1>。",
        "在机构网站上阅读<1>完整报告</1>。",
        True,
        "placeholder sentence extended",
    ),
    EditCase("chinese", "首页", "首页设置", False, "short menu item"),
    EditCase("chinese", "阅读更多", "阅读下一篇", False, "different button"),
    EditCase(
        "chinese",
        "该公司表示\uff0c这项计划将在2030年前使排放减半。",
        "部长表示\uff0c这项计划在年底前不会准备就绪。",
        False,
        "same frame, different claim",
    ),
    EditCase(
        "chinese",
        "志愿者周末在山坡上种植了一万两千棵橡树苗。",
        "桥梁将在洪水修复后于春季重新通车。",
        False,
        "unrelated paragraph",
    ),
    EditCase(
        "chinese",
        "今年冬天电网供应将十分紧张。",
        "电网运营商警告说\uff0c今年冬天电网供应将十分紧张。",
        True,
        "attribution added",
    ),
]
