"""Word lists behind quote attribution: cue verbs, titles, role nouns, body words.

Pure data (frozensets and tuples of lower-case words), read by `briefing.analyse.quotes`. The lists
are general English news vocabulary, not tied to any article: adding a word here changes
what counts as a speech cue, a title before a name, or the head of a description.
"""

from __future__ import annotations

# Verbs (and fixed phrases) that attribute a quotation to the noun phrase next to them.
# Finite forms only; participles ("saying") are in CUE_PARTICIPLES because their subject
# is the subject of the whole sentence, not the words right before them.
CUE_VERBS: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes", "warned",
    "warns", "asked", "asks", "insisted", "insists", "stated", "states", "noted", "notes",
    "argued", "argues", "explained", "explains", "claimed", "claims", "declared",
    "declares", "continued", "continues", "replied", "replies", "responded", "responds",
    "tweeted", "tweets", "posted", "announced", "announces", "suggested", "suggests",
    "recalled", "recalls", "admitted", "admits", "acknowledged", "acknowledges",
    "conceded", "concedes", "cautioned", "cautions", "predicted", "predicts", "vowed",
    "vows", "promised", "promises", "complained", "complains", "countered", "counters",
    "remarked", "remarks", "observed", "observes", "contended", "contends", "maintained",
    "maintains", "concluded", "concludes", "stressed", "stresses", "emphasized",
    "emphasizes", "emphasised", "emphasises", "urged", "urges", "demanded", "demands",
    "assessed", "believes", "believed", "recounted", "recounts", "shouted", "yelled",
    "joked", "jokes", "quipped", "quips", "testified", "reported", "reports",
    "boasted", "boasts", "lamented", "laments", "mused", "pleaded", "proclaimed",
    "reiterated", "reiterates", "repeated", "confirmed", "confirms", "charged", "alleged",
    "alleges", "advised", "hinted", "texted", "emailed", "wondered", "wonders", "cried",
    "exclaimed", "snapped", "retorted", "read", "reads", "thundered", "scoffed",
    "sighed", "screamed", "chanted", "tweeted", "posted", "begged", "pressed", "demanded",
    "signaled", "signalled", "described", "criticized", "criticised", "accused",
    "threatened", "welcomed", "blasted", "slammed", "blamed", "called", "cited",
    "quoted", "assured", "reminded", "informed", "apologized", "apologised", "commented",
    "comments", "spoke", "speaks", "gushed", "gushes", "quip", "advises", "interjected",
    "sings", "sang", "recalled", "explain", "tweet", "add", "write", "tell", "ask",
    "insist", "warn", "note", "argue", "testify", "apologized", "recounted", "pleads",
    "observed", "rejoined", "scolded", "marveled", "marvelled", "raged", "fumed", "sniffed",
    "groused", "grumbled", "griped", "protested", "objected", "conceded",
)

# Multi-word cues: matched as phrases before the single verbs.
CUE_PHRASES: tuple[str, ...] = (
    "pointed out", "points out", "went on", "goes on", "put it", "summed up", "chimed in",
    "according to", "in a statement", "in an interview", "in a tweet", "in a post",
    "in an email", "in a letter", "in remarks", "in a speech",
)

# Participles of cue verbs: "X criticized Y, saying: '...'" — the speaker is the clause
# subject before them.
CUE_PARTICIPLES: tuple[str, ...] = (
    "saying", "adding", "writing", "telling", "noting", "arguing", "asking", "warning",
    "insisting", "explaining", "declaring", "stating", "claiming", "calling", "stressing",
    "urging", "tweeting", "posting", "concluding", "responding", "replying", "explaining",
    "suggesting", "describing", "recalling", "complaining", "promising", "vowing",
    "yelling", "shouting", "joking", "quipping", "announcing",
)

# Cues that make a quoted fragment attributable inside a sentence ("X urged Y to '...'").
# The finite verbs above already cover them; kept separately for the fragment rule.

# Words that stand before a name as its title ("Foreign Minister", "Sen.", "Dr.").
# Lower-case; compared case-insensitively, full stop stripped.
TITLE_WORDS: frozenset[str] = frozenset("""
president vice secretary minister ministers deputy senator sen rep reps representative
congressman congresswoman gov governor lt mayor ambassador spokesman spokeswoman
spokesperson chairman chairwoman chair director professor prof dr general gen admiral adm
premier chancellor king queen prince princess pope judge justice attorney speaker leader
chief commissioner ceo cfo coo executive assistant undersecretary under envoy counselor
counsellor adviser advisor officer commander colonel col capt captain sgt sergeant major
lieutenant mr mrs ms miss mx sir dame lord lady rabbi reverend rev father sister bishop
cardinal imam sheikh president-elect vice-president councillor councilman councilwoman
councilor alderman delegate head dean chancellor provost founder co-founder cofounder
chairperson treasurer attorney-general diplomat consul economist analyst strategist
pollster columnist commentator blogger anchor host correspondent reporter editor
publisher author writer researcher scholar fellow expert lawyer attorney nominee
candidate coach manager member then-president former acting interim incoming outgoing
senior junior top chief-of-staff aide aides operative consultant official officials
activist organizer organiser investor owner partner principal superintendent sheriff
prosecutor marshal inspector director-general secretary-general emeritus associate
regent viceroy governor-general premier president-elect ex-president representatives
counterpart counterparts
""".split())

# Nouns that head a description of a person ("the senator", "a State Department official").
PERSON_NOUNS: frozenset[str] = frozenset("""
official officials spokesman spokeswoman spokesperson senator professor analyst expert
source sources aide adviser advisor diplomat minister secretary president governor mayor
ambassador lawyer attorney commentator blogger columnist economist strategist pollster
researcher scholar fellow director chairman chairwoman chair leader candidate nominee
representative congressman congresswoman lawmaker legislator general admiral officer
commander envoy woman man person voter voters resident residents supporter supporters
critic critics user users organizer organiser activist activists executive manager
founder author writer reporter editor host anchor correspondent judge justice
prosecutor sheriff doctor physician nurse teacher student students worker workers farmer
owner member members veteran chief historian observer observers insider insiders
negotiator negotiators delegate delegates father mother wife husband son daughter friend
neighbor neighbour mom dad brother sister girl boy participant respondent respondents
protester protesters demonstrator witness witnesses victim officer soldier pastor priest
rabbi imam bishop cardinal pope king queen prince premier chancellor dean provost
consultant operative investor partner colleague colleagues staffer staffers employee
counterpart counterparts
employees politician politicians academic academics scientist scientists engineer
specialist specialists commissioner counselor adviser secretary-general
director-general lobbyist donor donors ally allies
announcer broadcaster journalist journalists pundit pundits businessman businesswoman
businessmen entrepreneur banker bankers trader traders questioner questioners caller callers
viewer viewers reader readers listener listeners fan fans attendee attendees audience
coach player players athlete athletes actor actress singer musician artist comedian
celebrity chef pilot driver agent agents trooper detective inspector surgeon psychologist
psychiatrist campaigner campaigners laborer labourer miner miners immigrant immigrants
refugee refugees citizen citizens taxpayer taxpayers parent parents teenager retiree
retirees survivor survivors shopper shoppers customer customers patient patients tenant
landlord spokesmen spokeswomen officials' delegate mediator auditor regulator regulators
""".split())

# Heads that make a description a body rather than a person.
BODY_NOUNS: frozenset[str] = frozenset("""
house ministry department agency office council committee commission government
administration campaign party court bureau embassy statement report reports release
company firm group union association organization organisation institute foundation
university college school network newspaper paper agency channel broadcaster station
times post journal news press media service services daily tribune herald gazette
xinhua tass reuters ap afp bloomberg cnn bbc cctv kremlin pentagon congress senate
parliament assembly board bank fund corporation corp inc ltd llc authority authorities
police army navy military forces force command center centre team club league
federation alliance coalition secretariat cabinet regime state states nation nations
city county province region website site blog magazine outlet outlets study survey
poll letter email memo document filing complaint lawsuit editorial readout communique
communiqué account spokesperson's
""".split())

# Words that end the name part of a speaker phrase when reading rightwards from a cue
# ("said Graham on Thursday", "said Carlson in an email").
NAME_STOP_WORDS: frozenset[str] = frozenset("""
on in at during after before when while as to about from because since yesterday today
tonight last this earlier later who which that whose with by via told added
""".split())

# Capitalised words that begin a sentence or clause but are never part of a speaker.
NOT_NAME_WORDS: frozenset[str] = frozenset("""
the a an and but or so yet if when while as in on at after before since during for with
without from by of to into than then this that these those there here it its he she they
we i you his her their our my your him them us me what which who whom whose where why how
meanwhile however also still even just only asked told said says according instead yes no
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december mr mrs ms dr
""".split())

PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "i", "we"})

# Places and polities that stand as sentence subjects ("China said", "Russia has") but are
# never antecedents of he/she. General geography, not tied to any article.
PLACE_WORDS: frozenset[str] = frozenset("""
america american americans china chinese russia russian russians beijing moscow washington
britain british london europe european eu france french paris germany german berlin japan
japanese tokyo india indian iran iranian iraq iraqi israel israeli syria syrian ukraine
ukrainian kyiv kiev korea korean pyongyang seoul taiwan taipei mexico mexican canada
canadian brazil turkey turkish egypt saudi arabia africa asia pacific cuba cuban
venezuela pakistan afghanistan vietnam philippines australia italy spain poland nato
congress washington-based hong kong macau tibet xinjiang gaza palestine texas california
florida ohio iowa york virginia michigan pennsylvania carolina georgia nevada arizona
wisconsin colorado illinois massachusetts jersey hampshire democrats republicans
americans obamacare wall street twitter facebook google apple amazon youtube
""".split())
