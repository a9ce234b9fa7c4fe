"""The harm vocabulary: what the acceptable use policies and the guide prohibit, as cue patterns.

Harm categories have three kinds of cue (HARMS[category] = (ACT, TOPIC, WEAK)):
- ACT: the text describes doing the harm (a verb form: "harass", "stalk"; or a doing verb a few words
  before a topic: "write hate speech", "plan a robbery", see `does_before`).
- TOPIC: the harm is named ("hate speech", "spam", "robbery"); a protective purpose (detect, moderate,
  research, a novel about...) turns a topic into `detect_harm`.
- WEAK: something only sometimes harmful ("drugs", "guns", "military"): alone it gives `review`, never
  `allowed`; STRENGTHEN lists what makes it an ACT ("collect emails" + "without consent").
Direction cues (PROTECT, FICTION, EVADE, ...) decide whether a named harm is done or detected.
"""

from __future__ import annotations

import re
from itertools import pairwise

from rules.text import rx

# People as objects: "screen out applicants", "identify protesters" is not moderation.
PERSONS = (r"(?:them|him|her|people|persons?|individuals|protesters|activists|dissidents|journalists|applicants|"
           r"candidates|tenants|borrowers|employees|workers|customers|users|women|men|minorit\w*|immigrants|"
           r"migrants|refugees|muslims|jews|christians|gays?|disabled|older|elderly|black|asians?|foreigners|"
           r"citizens|voters|students|patients|kids|children)")

# Doing verbs: a harm named within three words after one of these is being done, not studied.
_DO_WORD = re.compile(
    r"(?:generat|writ|wrote|creat|produc|mak|made|send|sent|post|spread|build|built|develop|craft|draft|publish|"
    r"sell|sold|resell|trade|trading|broker|market|buy|deal|smuggl|traffick|distribut|help|assist|aid|plan|run|"
    r"automat|giv|provid|design|cook|synthesi[sz]|manufactur|cod|program|launch|organi[sz]|coordinat|promot|"
    r"encourag|glorif|urg|persuad|convinc|push|spew|blast|flood|carr|commit|support|fund|recruit|"
    r"tell|teach|instruct|share|print|assembl|compose|facilitat|enabl|conduct|perform|operat|"
    r"engag|spam|mass)"
)
_GUIDE_WORDS = frozenset({"instructions", "guide", "recipe", "tips", "steps", "tutorial", "method", "methods", "way",
                          "ways"})


_NEGATIONS = frozenset({"not", "never", "no", "don't", "dont", "won't", "wont", "doesn't", "doesnt", "cannot", "can't",
                        "cant", "mustn't", "shouldn't", "refuse", "refuses", "without", "nor"})


def negated_before(t: str, start: int) -> bool:
    """A negation in the five words before `start` ("never generates hate speech"): the text may be promising
    the opposite, or not; such a cue gives review, never allowed."""
    words = t[max(0, start - 50): start].split()
    return any(w in _NEGATIONS for w in words[-5:])


def does_before(t: str, start: int) -> bool:
    """A doing verb in the four words before position `start` ("write hate speech", "how to make a bomb")."""
    words = t[max(0, start - 60): start].split()
    if start > 60 and words:
        words = words[1:]  # the window may have cut a word in half
    if any(_DO_WORD.match(w) for w in words[-4:]):
        return True
    last = words[-6:]
    if any(w == "how" and nxt in ("to", "do", "can") for w, nxt in pairwise(last)):
        return True
    return any(w in _GUIDE_WORDS for w in words[-3:])


# A protective purpose: detecting, moderating, researching, fiction about a harm.
PROTECT = rx(
    r"detect\w*", r"flag(?:s|ged|ging)?\b", r"moderat\w*", r"classif\w*", r"filter\w*", r"block(?:s|ed|ing|er|ers)?\b",
    r"screen(?:s|ed|ing)?\b", r"identif\w*", r"spot(?:s|ted|ting)?\b", r"catch\w*", r"recogni[sz]\w*",
    r"prevent\w*", r"combat(?:ing|s)?\b(?! operations| troops| units| missions| zones?| drones?)", r"fight\w*",
    r"counter(?:ing|s|ed)?\b", r"counter ?(?:measures|terrorism|messaging)", r"research\w*", r"stud(?:y|ies|ying)\b",
    r"analy[sz]\w*", r"investigat\w*", r"educat\w*", r"awareness", r"warn\w*", r"protect\w*",
    r"(?:help|support|assist|protect|aid)\w* (?:[\w']+ ){0,2}(?:victims?|survivors?)", r"survivors?\b",
    r"victims? (?:support|services|assistance|advocac\w*|advocates?|hotlines?)", r"anti ?(?:spam|fraud|malware|virus|phishing|abuse|harassment|bullying|hate|scam|money|"
    r"terror\w*|trafficking|cheat\w*|piracy|bot|grooming|extremis\w*)", r"antivirus",
    r"safety\b(?! (?:flaws?|issues?|problems?|risks?|defects?|hazards?|bugs?|filters?|guardrails?|measures|restrictions|features|training|layers?|drivers?|operators?|officers?|nets?|tuning))",
    r"safe\b",
    r"audit\w*", r"scan\w*", r"verif\w*", r"fact ?check\w*", r"debunk\w*", r"mitigat\w*", r"hotlines?",
    r"helplines?", r"crisis (?:line|support|counsel\w*)", r"red ?team\w*", r"pen ?test\w*", r"penetration test\w*",
    r"ethical hack\w*", r"security (?:research|team|awareness|training|testing|operations)", r"trust and safety",
    r"takedown", r"moderators?", r"reported by", r"report\w* (?:[\w']+ ){0,3}to (?:the )?(?:authorities|police|"
    r"moderators|law enforcement|admins|platform|ncmec)", r"reporting (?:tool|system|channel|pipeline)",
    r"avoid (?:[\w']+ ){0,2}(?:scams|fraud|phishing)", r"stay safe", r"threat (?:intel\w*|model\w*|hunting)",
    r"compliance", r"plagiarism check\w*", r"defen[cs]es? against", r"defend\w* against",
)
# Studying a harm: a protective purpose, except where the study is the harm (weapons research is weapon
# development; "military research" is a military application).
STUDY = re.compile(r"(?:research|stud(?:y|ies|ying)\b|analy[sz]|investigat|educat|awareness)")
STUDY_NO_EXCUSE = frozenset({"weapons", "military", "child_abuse", "child_grooming"})
# Fiction protects a topic only when nothing shows the harm is produced for real.
FICTION = rx(
    r"(?:a|an|my|our|the) (?:[\w']+ )?novel\b", r"novel (?:about|where|in which|featuring|set)", r"writ\w* (?:[\w']+ ){0,2}novels?",
    r"fiction\w*", r"screenplay", r"short stor(?:y|ies)", r"poems?\b", r"poetry", r"thriller",
    r"fairy tale", r"sci ?fi", r"movie script", r"film script", r"plot\b", r"(?:a|an|the|my|our) (?:crime |detective |"
    r"mystery |fantasy )?(?:story|tale|book|scene|character|villain)\b", r"video game", r"role ?play\w*",
)
# A protective word right after an evasion word is the opposite: "evades detection", "bypass the filter".
EVADE = re.compile(
    r"(?:evad\w*|evasion|bypass\w*|avoid\w*|circumvent\w*|remov\w*|strip\w*|jailbreak\w*|turn\w* off|switch\w* off|"
    r"get(?:s|ting)? (?:past|around)|got (?:past|around)|"
    r"sneak\w* (?:past|through)|slip\w* through|beat\w*|trick\w*|fool\w*|"
    r"defeat\w*|disabl\w*|slip\w* past|without (?:being |getting )?|undetect\w*|escap\w*|dodg\w*|can'?t|cannot|"
    r"won'?t|not be|never be|hard to|impossible to|doesn'?t|don'?t|fly under|without any|without a|show\w* up on|set\w* off)"
    r"(?: [\w']+){0,2} ?$"
)
# ... or right before one: "fact-checkers cannot detect", "moderators won't notice".
EVADED_AFTER = re.compile(
    r"(?: [\w']+){0,2} (?:can'?t|cannot|won'?t|will not|don'?t|doesn'?t|fail\w* to|never|unable to) "
    r"(?:detect|catch|spot|flag|notice|find|tell|see|block|filter)"
)
# ... or a thing faked: "fake studies", "pass them off as real research", "disguised as an audit".
FAKED_BEFORE = re.compile(
    r"(?:fake|faked|fabricat\w*|bogus|forged|phony|phoney|made up|invented|counterfeit|sham|"
    r"off as|pass\w* as|pos\w* as|disguis\w* as|dressed up as|masquerad\w* as)(?: [\w']+){0,2} ?$"
)
NOT_PROTECTIVE_OBJECT = re.compile(
    r"\b(?:screen\w*|filter\w*|weed\w*|identif\w*|classif\w*|profil\w*|sort\w*|rank\w*|analy[sz]\w*|scan\w*|"
    r"audit\w*|select\w*|locat\w*|find\w*) (?:out )?(?:[\w']+ ){0,2}"
    + PERSONS[:-1] + r"|targets?)\b"
)
# A news story is not fiction.
NEWS_STORY = re.compile(r"\b(?:news|hoax|false|fake|fabricated|made up|bogus) (?:[\w']+ )?(?:stor(?:y|ies)|tale)")

CHILD_WORDS = (r"(?:child\w*|kids?\b|minors?\b|teen\w*|underage|\d+ ?(?:years?|yrs?|yo)\b(?: old)?|preteens?|"
               r"youngsters?|schoolchildren|boys\b|girls\b|pupils?\b|juveniles?)")
CHILD = re.compile(r"\b" + CHILD_WORDS)

GROUPS = (r"(?:religio\w*|muslims?|jews?|jewish|christians?|hindus?|sikhs?|immigrants?|refugees?|migrants?|"
          r"minorit\w*|gays?|lesbians?|trans\w*|lgbt\w*|queer|disabled|black|blacks|asians?|latin[oa]s?|hispanics?|"
          r"arabs?|africans?|mexicans?|roma|women|ethnic\w*|races?|racial|people of colou?r|foreigners|indigenous)")

NO_CONSENT = re.compile(
    r"\b(?:without (?:[\w']+ ){0,2}(?:consent|permission|authori[sz]ation|knowledge|asking|notice|telling|knowing|"
    r"agreement)|no (?:consent|permission)|unauthori[sz]ed|secretly|covert\w*|illegal\w*|behind (?:their|his|her) "
    r"backs?|without them knowing|not knowing)"
)

# Harm categories: activity -> (ACT patterns, TOPIC patterns, WEAK patterns). See the module docstring.
HARMS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "crime": (
        (r"rob(?:s|bed|bing)?\b", r"steal\w*", r"stole\b", r"launder\w*", r"extort\w*", r"blackmail\w*",
         r"kidnap\w*", r"murder(?:s|ed|ing)?\b", r"shoplift\w*", r"burgl\w*", r"bribe\w*", r"pickpocket\w*",
         (r"break\w* into (?:[\w']+ ){0,3}(?:house|home|car|building|apartment|store|shop|office|flat|warehouse|garage|"
         r"vault|safe|bank|school|factory|depot|storage unit|shed|pharmac(?:y|ie)|museum)s?"),
         r"commit\w* (?:[\w']+ ){0,2}crimes?", r"evad\w* (?:[\w']+ )?(?:taxes|the police|police|arrest)",
         r"get(?:ting)? away with", r"without (?:getting|being) caught", r"carjack\w*"),
        (r"robber(?:y|ies)", r"heists?", r"burglar\w*", r"theft", (r"criminal (?:acts?|activit\w*|schemes?|"
         r"enterprises?|offen[cs]es?|organi[sz]ations?)"), r"money laundering", r"tax evasion", r"extortion",
         r"kidnapping", r"arson", r"illegally"),
        (r"crimes?\b", r"criminals?\b", r"illegal\b"),
    ),
    "illegal_goods": (
        (),
        (r"illegal goods", r"contraband", r"counterfeit (?!money|currency|checks)\w+", (r"stolen (?:[\w']+ ){0,2}?(?:goods|credit|numbers|passwords|logins|credentials|credit cards|"
         r"cards|data|items|cars|property|identities|accounts)"), (r"fake (?:passports?|ids?|id cards?|driver'?s "
         r"licen[cs]es?|documents|banknotes)"), r"darknet", r"dark ?web (?:market\w*|shop|store|vendor)", r"black market",
         r"illegal (?:firearms|guns|weapons|items|products|wildlife|organs|pets|fireworks)",
         r"endangered (?:animal|species)", r"ivory", r"rhino horns?", r"organ trad\w*"),
        (),
    ),
    "drugs": (
        (r"cook\w* (?:[\w']+ )?meth\w*", r"grow\w* (?:[\w']+ ){0,3}(?:cannabis|marijuana|weed|opium|coca)"),
        (r"illegal drugs?", r"narcotics?", r"meth\b", r"methamphetamine", r"cocaine", r"heroin", r"fentanyl", r"lsd\b",
         r"mdma", r"ecstasy pills", r"crack cocaine", r"controlled substances?", (r"drug (?:trafficking|dealing|"
         r"dealers?|smuggling|cartels?|labs?|mules?)"), r"opioids? (?:illegally|without (?:a )?prescription)",
         r"(?:cannabis|marijuana|weed) illegally", r"psilocybin", r"ketamine"),
        (r"drugs?\b", r"cannabis", r"marijuana", r"opioids?", r"pills\b"),
    ),
    "terrorism": (
        (r"radicali[sz]\w*", r"recruit\w* (?:[\w']+ ){0,3}(?:terror\w*|jihad\w*|extremis\w*|isis)"),
        (r"terror\w*", r"jihad\w*", r"extremis\w*", r"bombings?\b", r"mass shootings?", r"car bombs?", r"suicide bomb\w*",
         r"isis\b", r"al qaeda", (r"attacks? on (?:a |the )?(?:subway|civilians|crowds?|schools?|church\w*|mosques?|"
         r"synagogues?|government|concert|stadium|airport)")),
        (),
    ),
    "child_abuse": (
        (),
        (r"child (?:sexual )?(?:abuse|exploitation)", r"csam\b", r"child porn\w*", r"pedophil\w*", r"paedophil\w*",
         r"(?:sexual\w*|explicit|nude|naked|erotic\w*|porn\w*|lewd|nsfw)\W+(?:[\w']+\W+){0,4}?" + CHILD_WORDS,
         r"(?:minors?|child\w*|kids?|underage)\W+(?:[\w']+\W+){0,3}?(?:sexual\w*|explicit|nude|naked|porn\w*|erotic\w*)"),
        (),
    ),
    "child_grooming": (
        (r"groom(?:s|ed|ing)? (?:[\w']+ ){0,2}" + CHILD_WORDS,
         r"(?:lure|luring|entic|befriend|coax)\w* (?:[\w']+ ){0,3}" + CHILD_WORDS,
         r"(?:persuad|convinc|manipulat|trick|chat\w* with|messag|talk\w* to|text|dm)\w* (?:[\w']+ ){0,3}"
         + CHILD_WORDS + r"(?=.*\b(?:secret|alone|meet|trust|photos?|pictures?|pics|selfies|nudes|sexual))",
         r"(?:gain|win|earn)\w* (?:[\w']+ ){0,2}trust"),
        (r"child grooming", r"grooming (?:of )?(?:children|minors|kids|teens)", r"signs of grooming",
         r"grooming (?:signs|tactics|behaviou?r)"),
        (),
    ),
    "trafficking": (
        ((r"traffic(?:k\w*|s|ed|ing)? (?:of )?(?:[\w']+ ){0,2}(?:people|humans|persons|women|girls|boys|children|migrants|workers|"
         r"victims)"), r"smuggl\w* (?:[\w']+ ){0,2}(?:people|humans|migrants|refugees|persons)(?: across)?",
         r"sell\w* (?:people|humans|women|children|girls|boys)", r"recruit\w* victims"),
        (r"human trafficking", r"sex trafficking", r"trafficked", r"forced (?:labou?r|prostitution|marriage)",
         r"sex slave\w*", r"debt bondage", r"exploit\w* (?:[\w']+ ){0,2}trafficked"),
        (),
    ),
    "sexual_solicitation": (
        (r"solicit\w* (?:[\w']+ ){0,2}(?:sex|sexual|prostitut\w*)",),
        (r"sexual solicitation", r"prostitut\w*", r"escort (?:services?|ads?)", r"sexual services"),
        (),
    ),
    "discrimination": (
        (r"discriminat\w* against", (r"(?:exclud|reject|deny|denies|denied|screen\w* out|filter\w* out|weed\w* out|"
         r"penali[sz]|disqualif|refus|rank\w* (?:[\w']+ )?lower|only hir|only rent|only lend)\w* (?:[\w']+ ){0,4}?"
         r"(?:women|men\b|female|male|older|elderly|over \d+|black|white|asians?|hispanic|latino|jewish|jews|muslims?|"
         r"christians?|gays?|lesbians?|trans\w*|disabled|immigrants|foreigners|pregnant|minorit\w*|ethnic\w*|"
         r"religio\w*|young|age\b|races?\b|foreign\w*|accents?|nationalit\w*)")),
        (r"discriminat\w*", (r"(?:based on|because of|due to) (?:their |his |her |the )?(?:race|religion|ethnicity|"
         r"gender|sex|age|nationality|disabilit\w*|sexual orientation|skin colou?r)"),
         (r"(?:only|no) (?:[\w']+ )?(?:applicants|candidates|tenants|renters|borrowers|hires|workers|people) "
          r"(?:over|above|under|older than|younger than|who are) "),
         (r"no (?:women|men|immigrants|foreigners|muslims|jews|blacks|gays|disabled|older people|pregnant women|"
          r"mothers)\b(?: need| should| allowed| wanted| apply| please)"),
         r"certain (?:ethnicit\w*|race|religion)",
         (r"(?:don'?t|do not|won'?t|will not|never|refuse to|not) (?:rent|hire|lend|sell|serve|employ|house|admit|"
          r"insure|accept)\w* (?:[\w']+ ){0,2}?" + GROUPS), r"if they are (?:disabled|black|gay|pregnant|muslim|jewish|old|women)"),
        (),
    ),
    "hate_speech": (
        (r"(?:insult|mock|demean|vilif|degrad|ridicul|denigrat|dehumani[sz]|slur)\w* (?:[\w']+ ){0,3}" + GROUPS,),
        (r"hate speech", r"hateful", r"hatred", (r"hate (?:posts?|content|messages?|propaganda|rants?|memes?|"
         r"campaigns?|against)"), r"racis\w*", r"antisemit\w*", r"islamophob\w*", r"homophob\w*", r"transphob\w*",
         r"xenophob\w*", r"slurs?\b", r"bigot\w*", r"dehumani[sz]\w*", r"white supremac\w*", r"nazi propaganda"),
        (),
    ),
    "harassment": (
        (r"harass(?!ment)\w*", r"bull(?:y|ies|ied)\b", r"threaten\w*", r"intimidat\w*", r"torment\w*",
         r"flood\w* (?:[\w']+ ){0,3}(?:inbox|dms|phone|timeline|mentions)", r"dox\w*", r"brigad\w*",
         r"troll(?:s|ed|ing)? (?:[\w']+ ){0,2}(?:people|users|a |an |the |him|her|them)"),
        (r"harassment", r"bullying", r"insult(?:s|ing)? (?:[\w']+ ){0,3}?(?:about|at|against|aimed at)\b", r"toxic (?:comments|messages|content|posts|speech|behaviou?r|replies)", r"cyberbull\w*", r"abusive (?:messages|comments|dms|texts|emails|posts)",
         (r"(?:insulting|nasty|hurtful|degrading|threatening) (?:[\w']+ ){0,2}(?:messages|dms|texts|emails|comments|"
         r"calls)"), r"threatening"),
        (r"threats?\b", r"abuse\b"),
    ),
    "incite_violence": (
        (r"incit\w* (?:[\w']+ ){0,3}(?:violen\w*|riots?|attacks?|war|uprising|insurrection|murder|kill\w*|hatred)",
         (r"(?:urg|call|rall|encourag|provok|stir|promot|glorif|advocat|mobili[sz])\w* (?:[\w']+ ){0,4}?(?:violen\w*|"
         r"riot\w*|attack\w*|beat (?:[\w']+ )?up|kill\w*|murder\w*|lynch\w*|assault\w*|shoot\w*|stab\w*|burn\w* down)"),
         (r"(?:attack|bomb|burn|torch|storm|raid|vandali[sz])\w* (?:a |an |the |our |their |local |that |nearby ){0,2}(?:mosques?|"
          r"church(?:es)?|synagogues?|temples?|gurdwaras?|abortion clinics?|shelters?|refugee \w+|migrant \w+|"
          r"polling (?:stations?|places?)|the capitol)\b"),
         (r"(?:organi[sz]|rall|gather|assembl|form|lead|send|mobili[sz])\w* (?:[\w']+ ){0,2}(?:mobs?|lynch mobs?)\b"),
         (r"(?:kill|attack|beat up|assault|shoot|lynch|stab) (?:the |all |those )?(?:police|politicians|journalists|"
         r"protesters|opponents|minorit\w*|immigrants|jews|muslims|officers|cops|judges|voters)")),
        (r"riots?\b", r"violence against", r"uprising", r"insurrection", r"coup\b", r"massacres?", r"pogroms?",
         (r"(?:organi[sz]|plan|coordinat|lead|start|stag)\w* (?:[\w']+ ){0,2}(?:violen\w*|uprising|insurrection|coup\b|"
          r"riots?|attacks?|massacre|pogrom)"), r"calls? (?:to|for) (?:arms|violence)", r"mob violence"),
        (r"violen(?:ce|t)\b",),
    ),
    "self_harm": (
        (r"kill (?:themselves|yourself|himself|herself|myself|oneself)", (r"hurt (?:themselves|yourself|himself|"
         r"herself|myself|oneself)"), r"starv\w* (?:yourself|themselves|oneself)", (r"end (?:their|your|his|her) "
         r"(?:own )?li(?:fe|ves)"), r"(?:encourag|promot|glorif|urg)\w* (?:[\w']+ ){0,2}cutting"),
        (r"self ?harm\w*", r"suicid\w*", r"eating disorders?", r"pro ?ana\b", r"pro ?anorexia", r"anorexi\w*",
         r"bulimi\w*", r"cutting (?:yourself|themselves|oneself)", r"overdos\w*"),
        (),
    ),
    "weapons": (
        ((r"(?:manufactur|build|make|making|made|assembl|design|develop|3d print|print|produc|creat|convert|modif|"
         r"synthesi[sz])\w* (?:[\w']+ ){0,4}?(?:weapons?|guns?|firearms?|rifles?|pistols?|explosives?|bombs?|ieds?|"
         r"grenades?|ammunition|silencers?|suppressors?|nerve agents?|bioweapons?|chemical weapons?|biological "
         r"weapons?|missiles?|landmines?|napalm|sarin|vx|anthrax|ricin|toxins?)\b"),),
        (r"weapons? (?:manufactur\w*|development|production|design|building|making)", r"pipe bombs?",
         r"untraceable (?:guns?|firearms?)", r"ghost guns?", r"nerve agents?", r"bioweapons?", r"biological weapons?",
         r"chemical weapons?", r"sarin", r"ricin", r"anthrax", r"explosives?\b", r"bomb making", r"fully automatic",
         r"auto sears?", r"bump stocks?", r"dirty bombs?", r"molotov"),
        (r"weapons?\b", r"guns?\b", r"firearms?", r"ammo\b", r"ammunition", r"rifles?\b"),
    ),
    "military": (
        ((r"(?:select|identif|pick|choos|find|locat|acquir)\w* (?:[\w']+ ){0,2}targets?\b"
         r"(?=.*\b(?:strikes?|drones?|military|army|missiles?|bomb\w*|attack\w*|kill\w*|troops|enemy|weapons?|"
         r"artillery|airstrikes?|combat))"), r"spy\w* on (?:a |the )?(?:foreign|government|rival)"),
        (r"military", r"warfare", r"battlefield", r"targeting (?:decisions?|systems?)", r"kill chain", r"drone strikes?",
         r"weapons? systems?", r"nuclear (?:weapons?|warheads?|bombs?|arsenal)", r"espionage", r"itar\b",
         r"armed forces", r"army\b", r"combat operations", r"missile (?:guidance|targeting)", r"war ?fighting"),
        (r"nuclear\b", r"defen[cs]e contractor\w*"),
    ),
    "personal_data_collection": (
        (),
        (r"(?:build|compil)\w* (?:[\w']+ ){0,2}dossiers?", r"dox\w*"),
        ((r"(?:collect|scrap|harvest|gather|compil|extract|mine|mining|steal|buy|sell|aggregat|obtain|pull|"
          r"build\w* (?:[\w']+ ){0,2}databases? of|databases? of)\w* "
          r"(?:[\w']+ ){0,5}?(?:personal|private|contact|home address\w*|addresses|phone numbers?|emails?|email "
          r"addresses|ssns?|social security|details|dossiers?|profiles?|info\w*|data|contacts|faces|photos|"
          r"fingerprints|voices)\b"),
         (r"(?:personal|private|home address\w*|addresses|phone numbers?|emails?|email addresses|contacts|data|details|"
          r"info\w*|profiles?|faces|photos|ssns?) (?:[\w']+ ){0,3}?(?:collected|scraped|harvested|gathered|obtained|"
          r"pulled|taken|bought|stolen|compiled|extracted)")),
    ),
    "sensitive_data": (
        ((r"(?:infer|guess|deduc|out|reveal|expos|leak|dox)\w* (?:[\w']+ ){0,4}?(?:sexual orientation|sexuality|"
         r"religio\w*|political (?:views|affiliation|leanings)|health (?:status|conditions?)|hiv status|pregnan\w*|"
         r"genetic\w*|immigration status|ethnicity|mental health)"),),
        (),
        ((r"(?:predict|determin|collect|process|sell|stor|analy[sz])\w* (?:[\w']+ ){0,4}?(?:sexual orientation|"
         r"religio\w*|political (?:views|affiliation)|health (?:data|records|information)|medical (?:records|"
         r"history|data)|hiv status|genetic (?:data|information)|biometric\w*|immigration status|criminal records?)"),
         r"biometric\w*", r"face ?recognition", r"facial recognition"),
    ),
    "surveillance": (
        (r"stalk\w*", r"cyberstalk\w*", r"spy\w* on", r"spying", r"surveil\w*", r"wiretap\w*", r"eavesdrop\w*", r"keep\w* tabs on",
         r"track\w* (?:[\w']+ ){0,4}?(?:whereabouts|movements)", (r"(?:tell|show|report)\w* (?:[\w']+ ){0,2}where (?:she|he|they|my [\w']+) "
          r"(?:is|are|lives?|goes|went|sleeps|works)\b"),
         (r"track\w* (?:[\w']+ ){0,2}?(?:woman|man|girl|boy|person|someone|user|employee|wife|husband|partner|child|"
          r"kid|teen\w*|girlfriend|boyfriend|ex|neighbou?r|student|worker)'?s? (?:location|whereabouts|movements|phone|car)"),
         (r"(?:track|follow|locate|trace|pinpoint)\w* (?:[\w']+ ){0,3}?(?:ex|wife|husband|"
          r"girlfriend|boyfriend|partner|spouse|neighbou?r|someone|somebody|a person|individuals|protesters|"
          r"journalists?|activists?|dissidents|citizens)\b"), (r"follow\w* (?:[\w']+ ){0,4}?(?:movements|whereabouts|"
         r"where (?:she|he|they) go\w*)"), r"(?:secretly|covertly) (?:monitor|track|record|watch|follow|listen)\w*",
         (r"monitor\w* (?:[\w']+ ){0,4}?(?:private|personal|phone|messages|chats|location|wife|husband|partner|"
         r"girlfriend|boyfriend|spouse|neighbou?r|citizens|protesters|activists|journalists|dissidents)\b"),
         r"identif\w* (?:[\w']+ ){0,2}(?:protesters|activists|dissidents)"),
        (r"mass surveillance", r"surveillance", r"stalkerware", r"spyware on"),
        (r"monitor\w* (?:[\w']+ ){0,3}(?:employees|staff|workers|students)", r"track\w* (?:[\w']+ ){0,3}users"),
    ),
    "fake_news": (
        (r"make (?:[\w']+ )?up (?:a |an |the )?(?:news|story|report|quotes?)",),
        (r"fake news", r"disinformation", r"misinformation", r"hoax\w*", (r"(?:false|fake|fabricat\w*|made up|bogus|"
         r"invented|misleading|falsif\w*) (?:[\w']+ ){0,2}?(?:news|stories|story|articles?|headlines?|reports?|claims?|"
         r"narratives?|quotes?|information|facts|citations?|sources|references|studies|study|research|statistics|"
         r"evidence|data|papers?|results|scientific \w+)"), r"election (?:manipulation|interference)", (r"mislead\w* (?:the )?"
         r"(?:voters|the public|public|readers)"), r"conspiracy theor\w*"),
        (r"propaganda",),
    ),
    "fraud": (
        (r"defraud\w*", (r"scam(?:s|med|ming)? (?:[\w']+ ){0,2}(?:people|customers|users|elderly|seniors|victims|"
         r"them|investors)"), r"swindl\w*", (r"forg(?:e|ed|ery|ing) (?:[\w']+ ){0,2}(?:documents?|signatures?|checks?|"
         r"cheques?|invoices?|receipts?|ids?|certificates?|prescriptions?)"), (r"(?:trick\w*|deceiv\w*|dupe\w*|cheat\w*|con(?:s|ned|ning)?) "
         r"(?:[\w']+ ){0,3}(?:people|customers|users|buyers|elderly|investors|victims|seniors|into)"),
         r"steal\w* (?:[\w']+ ){0,2}(?:passwords|credentials|identit\w*|credit cards?)",
         # Passing something off as what it is not: "pass them off as real studies", "as genuine".
         r"pass\w* (?:[\w']+ ){0,3}?off as (?:\w+ ){0,2}?(?:real|genuine|authentic|legitimate|original|official)",
         (r"pretend\w* to be (?:a |the |"
         r"our )?(?:bank|irs|tax office|government|police|microsoft|support)")),
        (r"fraud\w*", r"scams?\b", (r"fake (?:[\w']+ ){0,2}(?:notes?|certificates?|diplomas?|degrees?|receipts?|"
                                     r"prescriptions?|documents?|ids?|invoices?|transcripts?|references?)"), r"scammers?", r"phish\w*", r"ponzi", r"pyramid scheme", r"fake invoices?",
         r"identity theft", r"credential (?:harvest\w*|theft|stuffing)", r"money mules?", r"advance fee", (r"pump and "
         r"dump"), r"fake (?:charit\w*|lottery|prizes?|giveaways?|investments?|job offers?|sweepstakes|crypto\w*)",
         r"counterfeit (?:money|currency|checks)"),
        (),
    ),
    "defamation": (
        (r"smear\w*", r"(?:spread|start)\w* (?:[\w']+ ){0,2}rumou?rs", r"ruin\w* (?:[\w']+ ){0,2}reputation",
         r"falsely accus\w*"),
        (r"defam\w*", r"libel\w*", r"slander\w*", r"lies about", r"false statements", r"falsehoods", r"character assassination", (r"(?:false|fake|damaging|made up|untrue|"
         r"fabricated) (?:[\w']+ ){0,2}(?:allegations?|accusations?|rumou?rs?)")),
        (),
    ),
    "spam": (
        (r"spam(?:s|med|ming)\b", (r"spam (?:the |our |their |my |all |every |random |many )?(?:people|users|forums?|comments?|inbox\w*|dms|them|everyone|"
          r"contacts|subscribers|sections|customers|groups|channels)"), r"blast\w* (?:[\w']+ ){0,3}(?:messages|emails|texts|sms|ads)",
         r"(?:flood|bombard)\w* (?:[\w']+ ){0,4}(?:ads|links|posts|promotions|spam)"),
        (r"spam\b", r"junk (?:mail|e ?mails?|messages|texts)", r"unsolicited\b", r"robocall\w*", r"purchased (?:email )?lists",
         r"random (?:phone )?numbers", r"link spam", r"content farms?"),
        (r"(?:mass|bulk) (?:[\w']+ ){0,2}(?:mail\w*|e ?mails?|messag\w*|texts?|sms|dms?)", r"email blasts?"),
    ),
    "impersonation": (
        (r"impersonat\w*", r"(?:pose|posing|poses|masquerad\w*) as", (r"pretend\w* to be (?:someone|somebody|a real|"
         r"(?:our |a |an |the |my )?(?:[\w']+ )?(?:ceo|employee|official|officer|police\w*|bank\w*|irs|government|"
         r"celebrit\w*|politician|doctor|lawyer|relative|friend|president|executive|manager|boss|representative|"
         r"mother|father|son|daughter|grandchild))"), r"act\w* as (?:someone|somebody) else", (r"fake (?:being|"
         r"identit\w*|personas?)"), r"catfish\w*", r"clon\w* (?:[\w']+ ){0,2}voice", (r"mimic\w* (?:[\w']+ ){0,3}"
         r"(?:real person|voice|someone)")),
        (r"impersonation", r"deep ?fakes?", r"voice clon\w*"),
        (),
    ),
    "human_generated": (
        ((r"(?:present|pass|represent|claim|label|market|sell|advertis|say|tell|pretend|disguis|portray|lie|insist)"
         r"\w* (?:[\w']+ ){0,6}?(?:as |are |were |is |was |it'?s |comes? from |came from |by |to be )(?:(?:chatting|talking|speaking|writing) (?:to|with) )?(?:a |an |the |real |"
         r"actual |our |live ){0,3}(?:human|humans|person|people|journalists?|experts?|authors?|writers?|staff|agents?|"
         r"employees?|reporters?|editors?|columnists?|doctors?|lawyers?|therapists?|teachers?|students?)\b"
         r"(?! review| in the loop| oversight)"),
         (r"(?:submit|hand|turn|pass|present)\w* (?:[\w']+ ){0,4}?(?:as|in as) (?:their|his|her|my|your|our) own\b"),
         r"(?:hand|turn)\w* (?:it |them )?in as mine",
         (r"(?:hide|hid|hiding|conceal\w*|not disclos\w*|don'?t (?:disclose|tell|reveal|mention|say)|never (?:disclose|"
         r"tell|reveal|mention)|without (?:disclosing|telling|revealing))\w* (?:[\w']+ ){0,4}?(?:ai|bot|machine|"
         r"model|generated|automated|llama)\b")),
        (r"human ?(?:written|generated|authored|made)\b",
         (r"(?:tell|say|claim|pretend|insist|assure)\w* (?:[\w']+ ){0,4}?(?:a |an |the )?(?:real |actual )?(?:human|person|"
         r"people|staff|employees?|agents?|writers?) (?:wrote|writes|written|authored|answered|answers|replied|replies|"
         r"typed|is typing|are answering|is answering)\b")),
        (r"ghostwrit\w*",),
    ),
    "fake_engagement": (
        ((r"(?:inflate|boost|game|manipulat|pad)\w* (?:[\w']+ ){0,3}(?:ratings?|reviews?|rankings?|likes|followers|"
         r"votes|engagement|metrics|upvotes)"),
         (r"(?:generat|writ|post|creat|produc)\w* (?:[\w']+ ){0,3}reviews? (?:for|of|about|on) (?:our|my) (?:own )?"
          r"(?:[\w']+ )?(?:products?|apps?|restaurants?|business|shops?|stores?|hotels?|books?|services?|listings?|brands?)"),
         (r"(?:upvot|like|share|retweet|follow|vote|rate|review|comment)\w* (?:[\w']+ ){0,4}(?:from|with|using|via) "
          r"(?:many|multiple|several|hundreds of|thousands of|fake|bot|dummy|sock ?puppet|throwaway) accounts")),
        ((r"fake (?:[\w']+ ){0,2}?(?:reviews?|likes|followers|engagement|comments|ratings?|testimonials?|upvotes?|"
         r"accounts|profiles|traffic|clicks|views|votes|endorsements|stars|customers|buyers|personas)"), r"astroturf\w*", r"sock ?puppet\w*",
         r"bot (?:accounts|farms?|networks?)", r"(?:click|like|review|troll) farms?"),
        (),
    ),
    "malware": (
        (r"hack\w* (?:into|someone|people|bank|accounts?|servers?|systems?|networks?|emails?|phones?)",
         (r"(?:disable|impair|take down|knock out|crash|sabotag|overload|overburden|cripple)\w* (?:[\w']+ ){0,4}?"
         r"(?:security|servers?|systems?|websites?|networks?|antivirus|firewalls?|infrastructure)"),
         r"brute ?forc\w*", r"crack\w* (?:[\w']+ )?(?:passwords?|software|licen[cs]e)"),
        (r"malware", r"ransomware", r"spyware", r"keylog\w*", r"computer virus\w*", (r"virus(?:es)? (?:that|to) "
         r"(?:spread|infect|delete|encrypt)"), r"trojans?\b", r"worms? (?:[\w']+ ){0,3}(?:spread|network|propagat)",
         r"rootkit\w*", r"botnet\w*", r"ddos", r"denial of service", r"zero ?day", (r"exploits? (?:[\w']+ ){0,3}"
         r"(?:vulnerabilit\w*|servers?|systems?|bank|networks?|cve)"), (r"malicious (?:code|software|scripts?|"
         r"payloads?|macros?|links)"), r"backdoor\w*", r"cryptojack\w*", r"sql injection", r"reverse shell",
         r"write (?:[\w']+ )?exploits?"),
        (r"exploits?\b", r"hacking", r"virus(?:es)?\b"),
    ),
    "critical_infrastructure": (
        ((r"(?:operat|control|run|driv|pilot|fly|flies|flying|steer|command)\w* (?:[\w']+ ){0,6}?(?:power grids?|"
         r"grids?\b|power plants?|power stations?|nuclear (?:plant|reactor|facilit\w*)|reactors?|railways?|railroads?|"
         r"rail (?:network|system)|trains?\b|signall?ing|water (?:treatment|supply|system|utility)|dams?\b|pipelines?|"
         r"air traffic|aircraft|airplanes?|planes?\b|vehicles?|cars?\b|trucks?|bus(?:es)?\b|ships?|vessels?|heavy "
         r"machinery|cranes?|excavators?|forklifts?|industrial (?:control|machinery|robots?)|scada|traffic lights?|"
         r"infrastructure|substations?|utilit\w*|drones?|locomotives?|subway|metro)"),),
        (r"critical infrastructure", r"self driving", (r"autonomous (?:vehicles?|driving|cars?|trucks?|bus(?:es)?|ships?|vessels?|trains?|planes?|aircraft|taxis?|"
         r"tractors?|forklifts?|cranes?)"),
         (r"(?:manag|run|operat|control|regulat|adjust)\w* (?:[\w']+ ){0,3}?(?:power grids?|water (?:supply|treatment|"
          r"system|network)s?|dams?\b|pipelines?|traffic lights?|rail networks?|air traffic|nuclear (?:plants?|reactors?)|"
          r"substations?|sewage|electricity grid)"),
         r"autopilot", r"air traffic control", r"heavy machinery", r"scada", r"railway signall?ing",
         r"train (?:switch\w*|signal\w*|control)"),
        (r"power grids?", r"nuclear (?:plant|reactor)s?"),
    ),
    "ip_infringement": (
        (r"pirat\w*", r"infring\w*", (r"(?:copy|copie|reproduc|redistribut|resell|sell|rip|plagiari[sz]|scrap|"
         r"republish|repost|upload)\w* (?:[\w']+ ){0,4}?(?:copyrighted|copyright|licensed|proprietary|trademarked|"
         r"patented)"), (r"(?:remov|strip|circumvent|bypass|break|crack)\w* (?:[\w']+ ){0,2}(?:watermarks?|drm|copy "
         r"protection|licen[cs]e (?:keys?|checks?))"), r"plagiari[sz](?:e|es|ed|ing)\b", r"rip\w* off", (r"violat\w* (?:[\w']+ ){0,2}"
         r"(?:trademarks?|copyrights?|patents?|ip\b)")),
        (r"piracy", r"plagiarism", r"counterfeit (?:brand\w*|logos?|products)", r"fake (?:brand )?logos", r"knock ?offs?",
         r"intellectual property (?:theft|infringement)", r"copyright infringement", (r"verbatim (?:[\w']+ ){0,3}"
         r"(?:copyrighted|books|lyrics|articles|novels)")),
        (),
    ),
    "nondisclosure": (
        ((r"(?:hide|hid|hiding|conceal\w*|not disclos\w*|don'?t (?:disclose|tell|warn|mention|inform)|never (?:disclose|"
         r"tell|warn|mention)|without (?:disclosing|telling|warning|informing)|withhold\w*|cover\w* up|downplay\w*|"
         r"keep\w* (?:[\w']+ ){0,2}secret)(?: [\w']+){0,7}? (?:known )?(?:dangers?|risks?|hazards?|side effects|"
         r"safety (?:issues|problems)|flaws|limitations|failure modes|hallucinations?|defects?)"),),
        (),
        (),
    ),
    "circumvent_safety": (
        ((r"(?:jailbreak|bypass|circumvent|remov|disabl|strip|get\w* around|evad|defeat|turn\w* off|switch\w* off|"
         r"overrid|undo|unlock)\w* (?:[\w']+ ){0,4}?(?:safety|guardrails?|safeguards?|content (?:filters?|polic\w*|"
         r"moderation)|refusals?|usage (?:restrictions?|limits?)|restrictions|alignment|censorship|llama guard|"
         r"safety filters?)"),),
        (r"jailbreak\w*", r"uncensor\w*", r"abliterat\w*"),
        (),
    ),
    "unlawful_tools": (
        ((r"(?:present|claim|pass|label|market)\w* (?:[\w']+ ){0,4}(?:as )?(?:associated with|from|made by|endorsed "
         r"by|approved by|official) (?:meta|llama)"),),
        ((r"(?:tools?|models?|software|services?|apps?) (?:[\w']+ ){0,3}(?:designed|built|made|meant|intended) to "
         r"(?:produce|create|generate|make) (?:[\w']+ ){0,3}(?:unlawful|illegal|illicit)"),),
        (),
    ),
}

# Categories a fiction framing never excuses (the material itself is the harm).
FICTION_NO_EXCUSE = frozenset({"child_abuse", "child_grooming"})
# Categories recognised only when the text also has this context ("grooming" a dog is not a harm).
REQUIRES: dict[str, re.Pattern[str]] = {
    "child_grooming": re.compile(CHILD.pattern + r"|\bparents?\b|\bsigns of grooming|\bgrooming (?:signs|tactics|behaviou?r)"),
}
# A weak cue becomes doing the harm when this is also in the text ("collect emails" + "without consent").
STRENGTHEN: dict[str, re.Pattern[str]] = {
    "personal_data_collection": NO_CONSENT,
    "sensitive_data": NO_CONSENT,
    "surveillance": NO_CONSENT,
    "spam": re.compile(r"\b(?:unsolicited|purchased|bought|scraped|random|millions|strangers|without (?:consent|opt))"),
    "weapons": re.compile(r"\b(?:without (?:a |any )?(?:background checks?|licen[cs]es?|permits?|registration|serial)|"
                          r"illegal\w*|untraceable|unregistered|black market|smuggl\w*|to minors|felons?)"),
}
