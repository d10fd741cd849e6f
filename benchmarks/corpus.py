"""A realistic week of news for `scale.py`, invented from word lists.

Every article is built combinatorially from the lists below (nothing is copied from any
real article), so a corpus of any size has what a real week has and the seed-shuffle
corpus lacked:

* distinct sentences: each sentence draws subject, action, object, figures and a
  clause from independent lists, so two stories rarely share one;
* about nine quotes per article, each from a distinct invented speaker with a role;
* wire copies: about a fifth of stories are carried by 2 to 20 outlets, each copy with a
  different headline and dateline, its last paragraph sometimes trimmed and a word
  changed here and there;
* a quarter of the articles off topic (sports, weather, markets);
* page chrome around the story: datelines, bylines, "Advertisement", photo captions,
  share lines and "RELATED:" promos.

`make_corpus(folder, n)` writes `article_00000.txt` ... with a `Title:`/`Date:`/`Source:`
header; the same n always gives the same files.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2024, 4, 30)
WIRE_SHARE = 0.2
OFF_TOPIC_SHARE = 0.25
QUOTES_PER_ARTICLE = 9

_SYL = "ka lo mi ren dar vel tos qua bri sen hal mor tic ang lev ost pra dun fel gor wen ith sha ruk".split()
_GIVEN = "Alden Brisa Corvin Delphine Ezra Farrow Galen Hester Ivo Juno Kestrel Linnea Marek Nadia Orrin Petra Quill Rowan Soren Tamsin Ulric Vesna Wystan Ysolde Zarek Anouk Bastian Celeste Dorian Elowen".split()
_ROLE_TITLE = (
    "a senior fellow at", "a trade analyst at", "a former negotiator now at", "the director of",
    "a researcher at", "an economist at", "a spokesperson for", "a deputy director at",
    "a professor of international affairs at", "the chief strategist at", "an adviser to",
)
_INSTITUTE_HEAD = "Meridian Harbor Granite Northgate Lantern Summit Riverside Crescent Beacon Westmark Halcyon Ironwood".split()
_INSTITUTE_TAIL = ("Institute", "Policy Centre", "Forum", "Group", "Council", "Foundation", "Studies Programme")

_US = ("Washington", "the White House", "the Commerce Department", "U.S. officials", "the State Department", "the Pentagon", "American lawmakers", "the Treasury")
_CN = ("Beijing", "China's Ministry of Commerce", "Chinese officials", "the Chinese foreign ministry", "China's State Council", "Chinese regulators", "the PLA")
_TOPICS = {
    "trade": (
        ("imposed new tariffs on", "widened export controls on", "opened an anti-dumping inquiry into", "added to the entity list the makers of", "proposed subsidies for", "warned of overcapacity in"),
        ("lithium batteries", "graphite anodes", "solar panels", "electric vehicles", "steel coil", "semiconductor tools", "memory chips", "rare earth magnets", "industrial robots", "drone motors", "medical gloves", "port cranes"),
    ),
    "taiwan": (
        ("held drills near", "sent patrol vessels toward", "condemned arms sales to", "warned against visits to", "renewed its claim over", "tracked aircraft around"),
        ("Taiwan", "the Taiwan Strait", "Taipei", "the islands off Taiwan", "Taiwan's outlying ports"),
    ),
    "russia": (
        ("was accused of supplying parts to", "defended its trade with", "denied shipping dual-use goods to", "was pressed over its ties with"),
        ("Russia", "Moscow", "the Kremlin", "Russian arms makers", "Russia's defense industrial base"),
    ),
    "south_china_sea": (
        ("confronted Philippine boats near", "deployed coast guard ships to", "built new structures on", "blocked resupply missions to"),
        ("the Second Thomas Shoal", "Scarborough Shoal", "the Spratly Islands", "the Paracel Islands", "waters off Manila"),
    ),
    "fentanyl": (
        ("agreed to curb shipments of", "charged traders of", "seized a cargo of", "tightened rules on"),
        ("fentanyl precursor chemicals", "opioid ingredients", "pill presses", "narcotics sold online"),
    ),
    "military_channels": (
        ("restored a military hotline with", "held defense talks with", "proposed crisis communication channels with", "resumed military-to-military talks with"),
        ("counterparts in the region", "the other side's commanders", "theater commanders", "defense ministry officials"),
    ),
}
_WHEN = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "late on Sunday", "earlier this week", "last week", "this month")
_CLAUSE = (
    "citing risks to national security", "in a move analysts said could deepen tensions",
    "ahead of talks planned for next month", "after months of quiet negotiation",
    "despite objections from industry groups", "a step officials called overdue",
    "as both sides weigh the cost of retaliation", "in a statement posted online",
    "according to people familiar with the matter", "the latest in a series of such steps",
)
_FIGURE = ("{n} billion dollars of goods", "{n} companies", "{n} percent of imports", "{n} product lines", "{n} shipments", "{n} vessels")
_QUOTE_OPEN = ("We will not accept", "There is no room for", "Nobody should mistake", "We are watching closely", "It would be a mistake to ignore", "This is about", "We have made clear our concern over", "The message is simple:", "What matters now is")
_QUOTE_MID = ("the pressure on", "the new rules for", "the costs of", "the talks over", "the risks around", "the future of", "any move against", "the timing of")
_QUOTE_END = ("and we will respond in kind", "and the other side knows it", "which will take years to settle", "and markets will feel it", "and that is not going to change", "so both sides must talk", "before the next round begins", "and our partners agree")
_CUE = ("said", "told reporters", "said in an interview", "warned", "added", "told a briefing")

_OFF = {
    "sports": (
        "{team} beat {team2} {a}-{b} in the league on {day}, with {name} scored twice before the break.",
        "The championship race tightened after {team} dropped points at home, the club's {ordinal} draw of the season.",
        "{name} won the gold medal in the {event}, finishing {a} seconds clear of the field at the tournament.",
        "Coaches said the athletes would rest before the final round of the tournament next weekend.",
    ),
    "weather": (
        "Forecasters expect heavy rainfall across {region} on {day}, with flooding possible along the {river} valley.",
        "Temperatures are forecast to reach {a} degrees by the weekend, the weather service said in its update.",
        "A typhoon moving toward {region} could bring winds of {b}0 kilometres an hour, meteorologists warned.",
        "Residents of {region} were told to prepare for snowfall and icy roads as the weather turns.",
    ),
    "markets": (
        "The central bank held its benchmark rate at {a}.{b} percent, citing inflation that remains above target.",
        "Bond yields rose {b} basis points after the inflation figures, and the stock market closed lower on {day}.",
        "Traders now expect an interest rate cut by {month}, as inflation in {region} eases for a {ordinal} month.",
        "The exchange rate weakened against the dollar, and analysts said the stock market would stay volatile.",
    ),
}
_TEAMS = "Harbor Rovers,Northgate United,Ironwood City,Lantern Athletic,Crescent Wanderers,Summit Albion,Westmark Town".split(",")
_REGIONS = ("the northern coast", "the river delta", "the eastern provinces", "the highlands", "the southern plains", "the lake district")
_RIVERS = ("Ostra", "Velmar", "Karn", "Tessel", "Dunmore")
_EVENTS = ("200 metres", "long jump", "marathon", "cycling time trial", "slalom")
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth")
_MONTHS = "January February March April May June July August September October November December".split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday".split()
_OUTLETS = [f"{a} {b}" for a in ("Daily", "Evening", "Morning", "Coastal", "Capital", "Northern", "Valley", "Metro") for b in ("Courier", "Herald", "Ledger", "Post", "Sentinel", "Times", "Review")]
_CITIES = ("WASHINGTON", "BEIJING", "HONG KONG", "TAIPEI", "MANILA", "SINGAPORE", "GENEVA", "TOKYO")
_SWAPS = (("said", "says"), ("new", "fresh"), ("warned", "cautioned"), ("officials", "authorities"), ("talks", "discussions"), ("plans", "proposals"))


def _name(rng: random.Random) -> str:
    family = "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{rng.choice(_GIVEN)} {family}"


def _role(rng: random.Random) -> str:
    return f"{rng.choice(_ROLE_TITLE)} the {rng.choice(_INSTITUTE_HEAD)} {rng.choice(_INSTITUTE_TAIL)}"


def _figure(rng: random.Random) -> str:
    return rng.choice(_FIGURE).format(n=rng.randint(2, 480))


def _sentence(rng: random.Random, section: str) -> str:
    """One on-topic sentence: an actor of one side acting on something of the other's."""
    verbs, objects = _TOPICS[section]
    actor, other = (_US, _CN) if rng.random() < 0.5 else (_CN, _US)
    subject = rng.choice(actor)
    first = subject[0].upper() + subject[1:]
    return (
        f"{first} {rng.choice(verbs)} {rng.choice(objects)} covering {_figure(rng)} {rng.choice(_WHEN)}, "
        f"{rng.choice(_CLAUSE)}, while {rng.choice(other)} said it would study the decision."
    )


def _quote(rng: random.Random, section: str, speaker: str, role: str) -> str:
    _, objects = _TOPICS[section]
    words = f"{rng.choice(_QUOTE_OPEN)} {rng.choice(_QUOTE_MID)} {rng.choice(objects)} {rng.choice(_QUOTE_END)}"
    if rng.random() < 0.5:
        cue = rng.choice(_CUE)
        return f"“{words},” said {speaker}, {role}." if " " in cue else f"“{words},” {cue} {speaker}, {role}."
    return f"{speaker}, {role}, {rng.choice(_CUE)}: “{words}.”"


def _chrome(rng: random.Random, kind: str) -> str:
    if kind == "ad":
        return "Advertisement"
    if kind == "caption":
        return f"Photo: A container terminal at dawn. ({rng.choice(_OUTLETS)} / {_name(rng)})"
    if kind == "share":
        return "Share this article: Facebook · X · Email · Copy link"
    return f"RELATED: {rng.choice(_INSTITUTE_HEAD)} report on {rng.choice(_TOPICS['trade'][1])} {rng.choice(('sparks debate', 'draws questions', 'raises alarm'))}"


def _story(rng: random.Random) -> tuple[str, list[str]]:
    """An on-topic story: headline and body paragraphs (without chrome or dateline)."""
    sections = rng.sample(sorted(_TOPICS), k=rng.randint(1, 2))
    main = sections[0]
    verbs, objects = _TOPICS[main]
    headline = f"{rng.choice(_US + _CN).capitalize()} {rng.choice(verbs)} {rng.choice(objects)}"
    paras: list[str] = []
    speakers: set[str] = set()
    for q in range(QUOTES_PER_ARTICLE + rng.randint(-2, 2)):
        section = sections[q % len(sections)]
        speaker = _name(rng)
        while speaker in speakers:
            speaker = _name(rng)
        speakers.add(speaker)
        para = [_sentence(rng, section)]
        if rng.random() < 0.6:
            para.append(_sentence(rng, section))
        paras.append(" ".join(para))
        paras.append(_quote(rng, section, speaker, _role(rng)))
    # Something ahead: the watch list reads forward-looking dates.
    month = _MONTHS[(AS_OF.month + rng.randint(0, 2)) % 12]
    paras.append(f"Negotiators from Washington and Beijing are due to meet again on {month} {rng.randint(1, 28)}, {rng.choice(_CLAUSE)}.")
    return headline, paras


def _off_topic(rng: random.Random) -> tuple[str, list[str]]:
    kind = rng.choice(sorted(_OFF))
    paras = []
    for _ in range(rng.randint(8, 14)):
        template = rng.choice(_OFF[kind])
        team, team2 = rng.sample(_TEAMS, 2)
        paras.append(
            template.format(
                team=team, team2=team2, a=rng.randint(1, 9), b=rng.randint(1, 9), name=_name(rng), day=rng.choice(_WEEKDAYS),
                ordinal=rng.choice(_ORDINALS), event=rng.choice(_EVENTS), region=rng.choice(_REGIONS), river=rng.choice(_RIVERS),
                month=rng.choice(_MONTHS),
            )
        )
    return f"{kind.capitalize()} roundup: {_name(rng)} on the week ahead", paras


def _copy_edits(rng: random.Random, paras: list[str]) -> list[str]:
    """What an outlet does to wire copy: the last paragraph trimmed, a word changed."""
    out = list(paras)
    if len(out) > 4 and rng.random() < 0.6:
        out = out[:-1]
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(out))
        old, new = rng.choice(_SWAPS)
        out[i] = out[i].replace(f" {old} ", f" {new} ", 1)
    return out


def _render(rng: random.Random, title: str, paras: list[str], day: date, outlet: str) -> str:
    body = [f"{rng.choice(_CITIES)} ({outlet.split()[-1]}) — {paras[0]}"] + paras[1:]
    for kind in ("ad", "caption", "share", "related"):
        if rng.random() < 0.8:
            body.insert(rng.randint(1, len(body)), _chrome(rng, kind))
    byline = f"By {_name(rng)} and {_name(rng)}" if rng.random() < 0.5 else f"By {_name(rng)}"
    header = f"Title: {title}\nDate: {day.isoformat()}\nSource: {outlet}\n\n"
    return header + "\n\n".join([byline] + body) + "\n"


def make_article_texts(n: int, seed: int = 17) -> list[str]:
    """`n` article texts: a quarter off topic, the rest stories of which about a fifth
    are carried by 2 to 20 outlets."""
    rng = random.Random(seed)
    texts: list[str] = []
    while len(texts) < n:
        day = AS_OF - timedelta(days=rng.randrange(0, 7))
        if rng.random() < OFF_TOPIC_SHARE:
            title, paras = _off_topic(rng)
            texts.append(_render(rng, title, paras, day, rng.choice(_OUTLETS)))
            continue
        title, paras = _story(rng)
        copies = 1
        if rng.random() < WIRE_SHARE:
            # Most wire stories run in a few outlets, a few in many: 2..20, mean about 5.
            copies = min(20, 2 + int(rng.expovariate(1 / 3)))
        outlets = rng.sample(_OUTLETS, copies)
        for c, outlet in enumerate(outlets):
            if len(texts) >= n:
                break
            if c == 0:
                texts.append(_render(rng, title, paras, day, outlet))
            else:
                headline = f"{title.split()[0]} {rng.choice(('moves', 'acts', 'steps in'))}: {' '.join(title.split()[1:])}"
                texts.append(_render(rng, headline, _copy_edits(rng, paras), min(AS_OF, day + timedelta(days=rng.randint(0, 1))), outlet))
    # Copies of one story are not neighbours in a real folder.
    random.Random(seed + 1).shuffle(texts)
    return texts


def make_corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(make_article_texts(n)):
        p = folder / f"article_{i:05d}.txt"
        if not p.exists():
            p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths
