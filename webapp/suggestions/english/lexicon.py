"""The English words the rules look for. Lower case; multi-word phrases are matched token by
token (spaCy's tokenizer splits them as it splits the text)."""
from ...corroboration.figures import COUNT_WORDS, WHO_WORDS  # noqa: F401 (coded alike)

# Words that make a number a casualty count, in any form (the structured figures' ``counts``).
COUNTS = {
    "killed": {"killed", "kills", "killing", "kill", "dead", "death", "deaths", "died", "die", "dying",
               "fatalities", "slain", "massacred", "executed", "bodies", "toll", "perished",
               "drowned", "beheaded", "shot", "neutralised", "neutralized", "eliminated", "killings",
               "murders", "murdered"},
    "injured": {"injured", "injuries", "injuring", "wounded", "wounding", "wounds", "hurt", "maimed",
                "treated", "hospitalised", "hospitalized", "condition"},
    "captured": {"captured", "capturing", "prisoner", "prisoners", "surrendered"},
    "detained": {"detained", "detaining", "arrested", "arresting", "arrests", "detentions", "jailed", "held",
                 "custody", "prison", "prisons", "jail", "jails"},
    "abducted": {"abducted", "abducting", "kidnapped", "kidnapping", "hostage", "hostages", "abductions",
                 "taken", "seized"},
    "missing": {"missing", "disappeared", "unaccounted", "trapped", "buried"},
    "displaced": {"displaced", "displacing", "fled", "flee", "fleeing", "refugees", "homeless",
                  "evacuated", "uprooted", "evacuation", "camps", "shelters", "hiding", "outdoors",
                  "crossed"},
}
COUNT_OF = {word: key for key, words in COUNTS.items() for word in words}
# "casualties" counts killed and injured together: a casualty figure, of no one kind.
CASUALTY_ONLY = {"casualties", "victims", "losses"}
# Whom a figure counts (the structured figures' ``who``).
WHO = {
    "civilians": {"civilians", "civilian", "residents", "villagers", "locals", "worshippers",
                  "passengers", "pilgrims", "shoppers", "protesters", "demonstrators", "students",
                  "farmers", "miners", "workers", "patients", "migrants", "refugees", "journalists"},
    "combatants": {"militants", "militant", "fighters", "fighter", "combatants", "soldiers", "soldier",
                   "troops", "jihadists", "insurgents", "rebels", "militiamen", "gunmen",
                   "terrorists", "servicemen", "personnel", "policemen", "officers", "guards",
                   "recruits", "commanders", "members", "marines", "paramilitaries"},
    "children": {"children", "child", "kids", "minors", "boys", "girls", "infants", "babies", "teenagers"},
    "women": {"women", "woman", "mothers"},
}
WHO_OF = {word: key for key, words in WHO.items() for word in words}
PEOPLE = {"people", "persons", "individuals", "men", "family", "families", "others", "more", "them",
          "whom", "suspects", "pupils", "employees", "staff", "members", "prisoners", "detainees",
          "sons", "daughters", "brothers", "sisters", "relatives", "aides", "colleagues", "teachers",
          "wounded", "dead", "survivors", "crew", "inmates", "worshipers", "guests", "customers"}
# Before a number, how it is bounded (longest first where one begins another).
BOUNDS = [
    ("at_least", ["at least", "no fewer than", "no less than", "a minimum of", "not less than"]),
    ("more_than", ["more than", "over", "upwards of", "in excess of", "above", "greater than"]),
    ("at_most", ["at most", "no more than", "fewer than", "less than", "under", "nearly", "almost",
                 "below", "not more than", "close to"]),
    ("up_to", ["up to", "as many as", "as high as"]),
    ("about", ["about", "around", "approximately", "roughly", "some", "an estimated", "estimated",
               "circa", "an approximate", "maybe", "perhaps", "possibly"]),
]
# A number followed by these is not a count of people or events.
NOT_A_COUNT_AFTER = {
    "year", "years", "yr", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "second", "seconds", "km", "kilometres", "kilometers", "miles", "mile",
    "metres", "meters", "feet", "kg", "tonnes", "tons", "percent", "%", "per", "a.m.", "p.m.",
    "am", "pm", "o'clock", "dollars", "euros", "pounds", "million-dollar", "page", "pages",
    "times", "degrees", "acres", "hectares", "litres", "gallons", "points", "goals", "votes",
    "seats", "st", "nd", "rd", "th", "-year", "bn", "m",
}
NOT_A_COUNT_BEFORE = {
    "route", "highway", "road", "street", "no", "no.", "number", "resolution", "page", "pages",
    "phase", "article", "chapter", "room", "flight", "brigade", "division", "battalion",
    "regiment", "unit", "platoon", "squad", "section", "paragraph", "$", "€", "£", "us$",
    "aged", "age", "ages", "grade", "level", "category", "zone", "sector", "gate", "building",
    "block", "apartment", "floor", "km", "kilometre", "kilometer", "mile", "line", "channel",
    "version", "covid", "f", "su", "mig", "t", "m", "a", "ak", "bm", "tu",
}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
          "sep", "sept", "oct", "nov", "dec"}
# Words that say who speaks, and the hedges that weaken what is said.
CUES_BEFORE_SPEAKER = ["according to", "per", "citing", "quoting", "said", "says", "told", "claimed"]
CUES = {"said", "says", "say", "told", "tells", "claimed", "claims", "claim", "cited", "stated",
        "states", "added", "announced", "confirmed", "reported", "alleged",
        "noted", "insisted", "estimated", "warned", "wrote", "tweeted", "posted", "explained",
        "revealed", "acknowledged", "denied", "maintained", "asserted", "declared", "disclosed"}
LEADING_CUES = ["according to", "per", "citing", "quoting"]
HEDGES = [
    "reportedly", "allegedly", "purportedly", "apparently", "supposedly", "presumably", "possibly",
    "it is believed", "is believed to", "are believed to", "was believed to", "were believed to",
    "is thought to", "are thought to", "was thought to", "were thought to", "it is thought",
    "unconfirmed reports", "unconfirmed report", "unverified reports", "unverified accounts",
    "unverified", "unconfirmed", "is said to", "are said to", "was said to", "were said to",
    "it is understood", "is understood to", "are understood to", "appeared to", "appears to",
    "is alleged to", "are alleged to", "were alleged to", "was alleged to", "is suspected of",
    "are suspected of", "is feared", "are feared", "were feared", "feared dead", "may have",
    "might have", "could have", "is likely to", "likely", "rumoured", "rumored",
    "believed to be", "believed to have", "suspected", "alleged", "by some estimates", "probably",
    "maybe", "claimed", "according to unverified accounts", "according to unconfirmed reports",
]
# An outlet's caveat on what it just reported ("The claim could not be independently verified"):
# a hedge of the sentence before, never a claim of its own.
CAVEATS = [
    "could not be independently verified", "could not be verified", "could not be independently confirmed",
    "could not be confirmed", "could not immediately be verified", "could not independently verify",
    "could not be independently checked", "has not been independently verified", "have not been verified",
    "could not verify", "was not possible to verify", "were not possible to verify",
]
# The source type a speaker's words suggest, first match wins (keys of the default list).
SOURCE_TYPES = [
    ("social_media", {"twitter", "tweet", "tweeted", "facebook", "telegram", "posted", "post",
                      "x", "instagram", "tiktok", "youtube", "video"}),
    ("monitor", {"observatory", "monitor", "monitors", "monitoring", "un", "united", "nations",
                 "ocha", "unhcr", "unicef", "icrc", "cross", "crescent", "amnesty", "ngo", "charity",
                 "airwars", "msf", "médecins", "doctors", "rights", "watchdog", "agency", "iom", "who",
                 "wfp", "group", "organisation", "organization", "acled", "ohchr", "mission"}),
    ("expert", {"analyst", "analysts", "expert", "experts", "researcher", "researchers",
                "professor", "scholar", "academic"}),
    ("media", {"reuters", "afp", "ap", "press", "news", "agency", "television", "tv", "channel",
               "newspaper", "outlet", "journalist", "journalists", "reporter", "reporters",
               "media", "sana", "jazeera", "bbc", "cnn", "broadcaster", "daily"}),
    ("combatant", {"fighter", "soldier", "commander", "militant", "rebel", "guerrilla",
                   "militiaman", "sniper", "officer", "pilot", "volunteer"}),
    ("armed_group", {"army", "military", "forces", "sdf", "brigade", "militia", "coalition",
                     "pentagon", "centcom", "idf", "hamas", "hezbollah", "isis", "isil", "daesh",
                     "taliban", "rebels", "fighters", "troops", "command", "battalion", "regiment",
                     "insurgents", "militants", "rsf", "saf", "houthis", "houthi", "wagner"}),
    ("official", {"ministry", "minister", "government", "governor", "mayor", "police", "official",
                  "officials", "authorities", "authority", "president", "spokesman",
                  "spokeswoman", "spokesperson", "department", "council", "office", "defence",
                  "defense", "civil", "emergency", "services", "state", "administration",
                  "prosecutor", "embassy", "cabinet", "chief", "secretary", "hospital", "health"}),
    ("eyewitness", {"resident", "residents", "witness", "witnesses", "eyewitness", "villager",
                    "villagers", "survivor", "survivors", "local", "locals", "relative",
                    "relatives", "neighbour", "neighbor", "shopkeeper", "farmer", "doctor",
                    "nurse", "medic", "driver", "activist", "activists", "teacher", "father",
                    "mother", "brother", "sister", "son", "daughter"}),
    ("document", {"report", "statement", "records", "data", "figures", "document", "documents",
                  "census", "tally", "database"}),
]
UNNAMED_HEADS = {"a", "an", "one", "two", "three", "several", "some", "many", "local", "unnamed",
                 "anonymous", "senior", "other", "another", "residents", "witnesses", "officials",
                 "sources", "activists", "medics", "doctors", "eyewitnesses", "survivors",
                 "relatives", "people", "locals", "villagers", "security", "military", "police"}
TITLES = {"mr", "mrs", "ms", "dr", "col", "colonel", "gen", "general", "maj", "major", "capt",
          "captain", "lt", "sgt", "president", "minister", "sheikh", "imam", "father", "brig",
          "commander", "governor", "mayor", "prof", "professor", "sir", "lord"}
