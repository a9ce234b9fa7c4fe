"""Activity recognition: free text -> the activity ids of the shared vocabulary (see rules.data.ACTIVITIES).

Pure pattern work on normalised text (rules.text.normalize); the legal outcome of each activity comes
from the packs and policies, never from here. Three hard parts get their own functions:
- harms: doing a harm vs detecting/moderating/researching/fiction about it (direction cues);
- high-risk domains: the model deciding alone vs a professional in the loop;
- output training: another LLM (banned in 2 and 3) vs a task model vs Llama itself.
"""

from __future__ import annotations

import re

from rules.harms import (
    EVADE,
    EVADED_AFTER,
    FAKED_BEFORE,
    FICTION,
    FICTION_NO_EXCUSE,
    HARMS,
    NEWS_STORY,
    NOT_PROTECTIVE_OBJECT,
    PROTECT,
    REQUIRES,
    STRENGTHEN,
    STUDY,
    STUDY_NO_EXCUSE,
    does_before,
    negated_before,
)
from rules.text import Cue, CueIndex, W, rx


class Recognition:
    """What recognise() found (a plain class: built once per question, and `dataclasses` costs start-up)."""

    __slots__ = ("activities", "ambiguous", "detected", "domain_unclear", "eu_text_only", "trademark", "weak")

    def __init__(self) -> None:
        self.activities: list[str] = []  # decided activity ids, in order found
        self.ambiguous: list[str] = []  # harms with a protective cue AND a doing cue
        self.weak: list[str] = []  # harm-sounding words with no clear direction
        self.detected: list[str] = []  # harms only detected/moderated/studied
        self.domain_unclear: list[str] = []  # high-risk domain, who decides not said
        self.eu_text_only = False  # EU licensee but a text-only model: the EU paragraph does not apply
        self.trademark = False  # the Llama or Meta marks used beyond naming a model

    def add(self, activity: str) -> None:
        if activity not in self.activities:
            self.activities.append(activity)


def _compile(parts: tuple[str, ...]) -> re.Pattern[str] | None:
    return rx(*parts) if parts else None


_HARM_RX = {cat: tuple(_compile(p) for p in kinds) for cat, kinds in HARMS.items()}
# One search per category (and one for all) before the detailed act/topic/weak passes: most questions
# name no harm at all, and speed matters (>= 5,000 ask/s).
_HARM_ANY = {cat: Cue(*(p for kind in kinds for p in kind)) for cat, kinds in HARMS.items()}

# ---------------------------------------------------------------- ordinary and permitted activities
_PROFS = (r"(?:doctors?|physicians?|clinicians?|nurses?|radiologists?|pharmacists?|surgeons?|lawyers?|attorneys?|"
          r"counsel|paralegals?|solicitors?|advis[eo]rs?|planners?|analysts?|underwriters?|loan officers?|wealth "
          r"managers?|accountants?|brokers?|dispatchers?|operators?|responders?|firefighters?|paramedics?|humans?|"
          r"professionals?|experts?|specialists?|reviewers?|legal team|clinical staff|medical staff|staff|call ?takers?|"
          r"call handlers?|bankers?|tellers?|judges?|notar\w*|caseworkers?|social workers?|therapists?|counsell?ors?|"
          r"psychologists?|psychiatrists?|dentists?|pilots?|tax (?:advis[eo]rs?|preparers?))")
ACTIVITY_RX: dict[str, Cue] = {
    "commercial_use": Cue(
        r"paid\b", r"pay ?per", r"charg\w* (?:[\w']+ ){0,3}(?:customers|users|fees?|subscriptions?|money|for)",
        r"fees?\b", r"monetiz\w*", r"monetis\w*", r"sell\w*", r"resell\w*", r"sold\b",
        r"commercial(?<!non commercial)\w*", r"revenue", r"subscriptions?", r"premium", r"billing", r"bill (?:[\w']+ ){0,2}(?:per|"
        r"customers|users)", r"make money", r"profit\w*", r"business\w*", r"startup\w*", r"start up", r"compan(?:y|ies)",
        r"firms?\b", r"enterprises?", r"corporat\w*", r"b2b", r"b2c", r"saas", r"customers?", r"clients?", r"apis?\b",
        r"endpoints?", r"integrat\w*", r"embed\w*", r"build\w* (?:[\w']+ ){0,3}into", r"bundl\w*", r"ship\w* (?:[\w']+ )"
        r"{0,2}(?:inside|in|with)", r"deploy\w*", r"products?\b", r"apps?\b", r"applications?", r"platforms?",
        r"plug ?ins?", r"services?\b", r"websites?", r"production", r"in house", r"internal (?:tools?|apps?|assistants?|bots?|chatbots?|platforms?|use|deployments?|services?|users)", r"at work",
        r"employees",
    ),
    "ordinary_product": Cue(
        r"chat ?bots?", r"bots?\b", r"chat (?:assistant|agent|app|interface)", r"booking\w*", r"reservations?",
        r"scheduling", r"appointments?", r"moderat\w*", r"forums?\b", r"communit(?:y|ies)\b",
        r"(?:writ|draft|generat|compos|creat)\w* (?:[\w']+ ){0,2}(?:messages|greetings|cards|invitations|slogans|poems|"
        r"stories|songs|jokes|titles|bios|outlines|lesson plans|quiz\w*|questions|headlines|taglines)",
        r"(?:call|meeting|sales|lecture|study) notes", r"prepar\w* (?:[\w']+ ){0,2}(?:notes|reports?|slides|"
        r"presentations?|briefs?|summar\w*)", r"quiz\w*", r"conversational", r"virtual (?:agent|assistant)s?",
        r"assistants?", r"copilots?", r"helpers?\b", r"help ?desk", r"support (?:bot|assistant|agent|tickets?|team)",
        r"customer (?:service|support|care|inquir\w*|consultation|questions)", r"faqs?\b", r"q&a\b", r"q & a\b", r"q and a\b", r"question "
        r"answering", r"answer\w* (?:[\w']+ ){0,3}questions", r"summar\w*", r"tl ?;? ?drs?", r"condens\w*",
        r"abstracts", r"captions?", r"captioning", r"alt text", r"describ\w* (?:images|photos|pictures)",
        r"search\w*", r"retriev\w*", r"rag\b", r"knowledge base", r"translat\w*", r"locali[sz]\w*", r"cod(?:e|ing) "
        r"(?:assistant|completion|generation|review|helper)", r"(?:generat|writ)\w* (?:[\w']+ )?(?:sql|code|queries)",
        r"autocomplet\w*", r"writ\w* (?:assistant|helper|tool)", r"(?:draft|writ)\w* (?:[\w']+ ){0,2}(?:emails?|"
        r"replies|responses|letters?|copy|descriptions?|posts|articles?|reports?)", r"tutor\w*", r"homework",
        r"explain\w*", r"(?:classif|categori[sz]|tag|rout|triag)\w* (?:[\w']+ ){0,2}(?:tickets|documents|emails|"
        r"feedback|support requests|inquiries)", r"sentiment", r"extract\w* (?:[\w']+ ){0,3}from", r"recommend\w*",
        r"personali[sz]\w*", r"analytics", r"content generation", r"marketing (?:copy|emails?|content|text)",
        r"product descriptions?", r"onboarding", r"note ?taking", r"meeting (?:notes|minutes|summar\w*|transcri\w*)",
        r"transcri\w*", r"npcs?\b", r"game (?:dialog\w*|characters?)", r"storytelling", r"creative writing",
        r"brainstorm\w*", r"proofread\w*", r"grammar", r"paraphras\w*", r"rewrit\w*", r"email (?:drafting|"
        r"assistant|replies)", r"hr (?:documents|questions|bot|policies)", r"documents?\b", r"docs\b", r"pdfs?\b",
        r"reports?\b", r"voice assistant", r"test (?:data|fixtures|cases|inputs)", r"fixtures", r"notification (?:emails?|messages|texts)",
        r"newsletters?", r"agents?\b", r"workflows?", r"automat\w* (?:[\w']+ ){0,2}(?:emails?|"
        r"replies|responses|tickets|workflows?|reports?)",
    ),
    "fine_tune": Cue(
        r"fine ?tun\w*", r"finetun\w*", r"lora\b", r"qlora", r"peft\b", r"adapters?\b", r"instruction ?tun\w*",
        r"rlhf", r"dpo\b", r"sft\b", r"continu\w* (?:pre ?)?train\w*", r"further (?:pre ?)?train\w*",
        r"(?:pretrain|pre train|train)\w* (?:[\w']+ ){0,3}?(?:llama|it|the model)\b(?: [\w']+){0,3} (?:further|more|on|with)\b",
        r"customi[sz]\w* (?:[\w']+ ){0,3}(?:llama|model)", r"adapt\w* (?:[\w']+ ){0,2}(?:llama|model)",
        r"domain adaptation", r"teach\w* (?:llama|the model)",
    ),
    "quantize": Cue(
        r"quanti[sz]\w*", r"quants?\b", r"gguf", r"ggml", r"gptq", r"awq\b", r"exl2", r"bitsandbytes", r"int ?[248]\b",
        r"(?:2|4|8) ?bits?\b", r"fp8\b", r"nf4\b", r"(?:reduc|lower)\w* (?:[\w']+ ){0,2}precision",
        r"compress\w* (?:[\w']+ ){0,3}(?:model|weights|llama)",
    ),
    "merge": Cue(r"merg\w*", r"slerp", r"averag\w* (?:[\w']+ ){0,3}(?:weights|checkpoints|models)",
                 r"(?:weight|model|checkpoint) averaging", r"ties\b", r"frankenmerg\w*", r"model soups?",
                r"combin\w* (?:[\w']+ ){0,5}?(?:weights|models|checkpoints)"),
    "distribute": Cue(
        r"releas\w*", r"publish\w*", r"upload\w*", r"redistribut\w*", r"distribut\w*", r"open ?sourc\w*",
        r"hugging ?face", r"hf\b", r"hub\b", r"github", r"share\w* (?:[\w']+ ){0,4}(?:weights|models?|fine ?tunes?|"
        r"derivatives?|checkpoints?|adapters?)", r"make (?:[\w']+ ){0,2}(?:public|available)", r"(?:weights|model) "
        r"publicly", r"derivative\w*", r"repos?\b", r"repository",
        r"model cards?", r"attribution", r"notice (?:file|text|sentence)", r"licen[cs]e (?:file|copy|text)",
        r"built with llama", r"based on llama", r"credit (?:to )?meta",
    ),
    "research": Cue(r"research\w*", r"academic\w*", r"stud(?:y|ies|ying)\b", r"experiment\w*", r"benchmark\w*",
                   r"evaluat\w*", r"papers?\b", r"thesis", r"universit\w*", r"scientific", r"non ?commercial"),
    "outputs_commercial": Cue(
        r"outputs?\b", r"ai ?generated", r"(?:text|content|copy|articles?|responses|answers|essays|code|descriptions?|"
        r"images|(?:ebooks?|e books?)|books|stories|posts|reports?) (?:[\w']+ ){0,2}(?:generated|written|drafted|produced|"
        r"created) (?:by|with|from|using)", r"generated (?:text|content|copy|responses|answers|articles|code|"
        r"descriptions|images)", r"(?:llama|the model|it) (?:[\w']+ ){0,3}?generat\w*", r"generated by",
        r"(?:emails?|messages|replies|posts|copy|notifications?|newsletters?) (?:[\w']+ ){0,2}(?:drafted|written|generated) by",
    ),
}

# One word pass finds the candidate harm categories and ordinary activities together.

# ---------------------------------------------------------------- output training
_OUT = Cue(r"outputs?\b", r"generations?\b", r"generat\w*", r"completions?", r"responses?", r"answers?", r"synthetic",
          r"logits", r"conversations?", r"annotat\w*", r"labell?(?:ed|ing|s)\b", r"labels?\b", r"self ?instruct",
          r"results\b", r"soft targets", r"examples\b",
          r"data (?:from|generated by|produced by|created by|made by|written by) (?:[\w']+ )?(?:llama|it|the model)",
          r"(?:produc|creat|generat|mak|build|synthesi[sz])\w* (?:[\w']+ ){0,3}(?:data|datasets?|examples|labels|text|training|pairs|corpus|corpora)\b")
_TRAIN = rx(r"train\w*", r"pre ?train\w*", r"fine ?tun\w*", r"finetun\w*", r"improv\w*", r"bootstrap\w*",
            r"teach(?:es|ing)? (?:a |the |our )?(?:[\w']+ )?(?:model|llm|student)",
            r"instruction data", r"learn\w* from", r"datasets?", r"training data", r"build\w* (?:[\w']+ ){0,3}model",
            r"rlhf", r"dpo\b", r"sft\b", r"(?:for|to train) (?:a |an |our |the )?(?:[\w']+ ){0,4}?(?:models?|classifiers?|taggers?|detectors?|rankers?|"
            r"filters?|recogni[sz]ers?|extractors?|parsers?)\b")
_DISTILL = Cue(r"distil\w*", r"teacher (?:model|llm|network)s?", r"as (?:a |the )?teacher\b", r"teacher student",
               r"teaching (?:a |our |the )?(?:[\w']+ )?(?:model|llm)", r"student (?:model|llm|network)s?",
               r"knowledge transfer")
_LLM = rx(r"llms?\b", r"large language models?", r"language models?", r"foundation models?", r"chat ?bot models?",
          r"chat models?", r"gpt\w*", r"mistral", r"mixtral", r"qwen\w*", r"falcon", r"gemma", r"phi ?\d", r"mpt\b",
          r"bloom\b", r"claude", r"deepseek", r"non ?llama", r"from scratch", r"competing", r"competitor'?s? models?",
          r"rival models?")
_NOT_LLM = rx(r"not an? (?:llm|large language model|language model|generative model)", r"non ?llm",
              r"isn'?t an? (?:llm|language model)", r"no (?:llm|language model)s?\b")
_TASK = rx(r"classifier\w*", r"classif\w*", r"detectors?", r"recogni[sz]ers?", r"extractors?", r"sentiment", r"ner\b", r"named entity", r"intents?\b",
           r"spam filter", r"rank(?:er|ing) model", r"ranking", r"rerank\w*", r"regression", r"tagg\w*", r"bert\b",
           r"roberta", r"embedding model", r"specific task", r"downstream task", r"task specific", r"single task",
           r"toxicity (?:model|filter|classifier)", r"topic model")
_LLAMA_TARGET = rx(r"(?:fine ?tun\w*|finetun\w*|train\w*|improv\w*|rlhf on|dpo on|sft on|distil\w* (?:[\w']+ ){0,4}"
                   r"into) (?:[\w']+ ){0,2}?llama", r"its own (?:outputs|responses|generations|answers)", r"itself")

# ---------------------------------------------------------------- high-risk domains
DOMAINS: dict[str, Cue] = {
    "medical": Cue(r"diagnos\w*", r"medical\w*", r"patients?\b", r"symptoms?", r"prescri\w*", r"medications?",
                  r"treatments?", r"clinical\w*", r"clinicians?", r"diseases?", r"illness\w*", r"triage\w*",
                  r"health ?care", r"health (?:advice|questions|conditions?|records?|issues)", r"therap\w*",
                  r"radiolog\w*", r"physicians?", r"dosage", r"medicine\b", r"discharge (?:summar\w*|notes|letters)",
                  r"hospital\w*", r"clinics?\b", r"medical records", r"mental health", r"psychiatr\w*"),
    "legal": Cue(r"legal (?:advice|opinions?|counsel|strategy|research|memos?|team|services?|questions?|help|documents?|"
                r"briefs?|cases?|matters?|aid|drafting|analysis|assistant|guidance)", r"lawyers?", r"attorneys?",
                r"paralegal\w*", r"case law", r"courts?\b", r"litigation", r"lawsuits?", r"law firms?", r"counsel\b",
                r"contract (?:analysis|review)", r"solicitors?"),
    "financial": Cue(r"financial (?:advice|advis[eo]rs?|planning|plans?|decisions?|recommendations?|guidance)",
                    r"invest(?:ment|ing) (?:advice|recommendation\w*|decisions?|portfolios?|strateg\w*|picks|plans?|research|"
                    r"pitch\w*|products?|tips)", r"invest\w* (?:[\w']+ ){0,2}(?:money|savings|funds)", r"portfolios?", r"stocks?\b", r"trading\b", r"trades\b", r"loans?\b",
                    r"(?:card|account|loan|claims?) approvals?", r"credit (?:cards? )?(?:decisions?|scor\w*|approvals?|limits?|memos?|risk|applications?|offers?)", r"mortgages?",
                    r"wealth", r"retirement", r"robo ?advis\w*", r"underwrit\w*", r"tax advice", r"brokerage",
                    r"insurance (?:claims?|decisions?|underwriting)", r"financial advis\w*",
                    r"budget(?:ing)? (?:tips|advice|plans?|coach\w*)", r"personal financ\w*", r"savings (?:advice|plans?)",
                    r"debt (?:advice|relief|management)", r"pensions?\b",
                    r"tax (?:returns?|filing|preparation|planning)"),
    "emergency": Cue(r"emergenc\w*", r"911\b", r"112\b", r"999\b", r"ambulances?", r"first responders?",
                    r"responders?", r"paramedics?", r"fire (?:trucks?|department|brigade|engines?)", r"firefighters?",
                    r"dispatch\w* (?:[\w']+ )?(?:ambulances?|police|fire\w*|emergenc\w*|paramedics|rescue|responders)",
                    r"disaster response", r"rescue", r"dispatchers?\b", r"crisis (?:lines?|hotlines?|calls?|support|"
                    r"counsel\w*|text line)", r"suicide (?:hotlines?|lines?|prevention lines?)", r"hotlines?"),
}
_LOGISTICS = rx(r"deliver\w*", r"fleet", r"logistic\w*", r"freight", r"taxi\w*", r"courier\w*", r"trucks?\b",
               r"shipping", r"warehouse\w*", r"parcels?", r"packages?")
_EMERGENCY_STRONG = rx(r"emergenc\w*", r"crisis", r"hotlines?", r"911\b", r"112\b", r"999\b", r"ambulances?", r"paramedics?", r"fire\w*",
                       r"first responders?", r"rescue", r"disaster")
_SOLE = rx(
    r"alone\b", r"solely", r"sole\b", r"on (?:its|their|his|her) own", r"by itself", r"unsupervised", r"unreviewed",
    r"unchecked", r"(?:not|never) (?:be |being )?(?:reviewed|checked|approved|supervised|seen|verified|signed off)",
    r"(?:review|oversight|supervision|sign ?off|approval)s? (?:is |are )?(?:not|never) (?:required|needed|necessary)",
    r"(?:skip|bypass|cut out|cut|remove|eliminat)\w* (?:the |our |any )?(?:need for (?:a |an )?)?(?:[\w']+ )?" + _PROFS,
    _PROFS + r" free\b", r"nobody", r"no one",
    r"without (?:a |an |any |the |our )?(?:[\w']+ )?" + _PROFS[:-1] + r"|reviews?|review\w*|oversight|supervision|checks?|"
    r"checking|approval|sign ?off|verification|person|anyone|somebody|someone)",
    r"(?:no|zero|never a|without any) (?:[\w']+ )?" + _PROFS[:-1] + r"|one|person|people|review|oversight|supervision|"
    r"check|sign ?off)\b",
    r"instead of (?:a |an |the |our |their )?(?:human |licensed )?(?:[\w']+ )?" + _PROFS,
    r"replac\w* (?:[\w']+ ){0,3}?" + _PROFS, r"(?:ai|robot|robo|virtual|automated) (?:doctors?|lawyers?|attorneys?|"
    r"physicians?|dispatchers?)", r"act\w* as (?:a |an |the |our )?(?:doctor|physician|lawyer|attorney|advis[eo]r|"
    r"dispatcher)", r"sole decision", r"final (?:say|decision) (?:is |rests )?(?:with )?(?:the )?(?:model|ai|bot|llama)",
)
_ASSIST = rx(
    _PROFS + r"(?: [\w']+){0,2}? (?:review|check|approv|sign|decid|verif|oversee|supervis|confirm|validat|make|makes|"
    r"has|have|stay|remain|keep)\w*",
    r"(?:help|assist|support|aid|empower|augment)\w* (?:[\w']+ ){0,2}?" + _PROFS,
    r"(?:for|to) (?:a |an |the |our |their )?(?:human |licensed |qualified |trained )?" + _PROFS,
    r"(?:reviewed|checked|approved|verified|signed off|supervised|overseen|validated|confirmed) by", r"in the loop",
    r"human oversight", r"second opinion", r"decision support", r"(?:to|for) (?:human )?(?:review|approval|sign ?off)",
    r"who decide\w*", r"with (?:a |an )?(?:human|doctor|lawyer|professional)",
)
_SOLE_WEAK = rx(r"automat\w*", r"autonomous\w*",
                r"(?:directly|straight) to (?:the )?(?:patients|clients|customers|callers|users|consumers)", r"(?:model|ai|bot|system|llama|it|tool|app) (?:[\w']+ ){0,2}?"
                r"(?:decid|approv|reject|diagnos|prescrib|dispatch|deny|denies)\w*", r"robo ?advis\w*",
                r"let (?:the )?(?:model|ai|bot|llama) (?:[\w']+ )?(?:decide|diagnose|prescribe|approve|dispatch)")

# ---------------------------------------------------------------- geography (AUP EU paragraph, 3.2+)
_EU_PLACE = (r"(?:eu\b|e\.u\.|european union|austria|belgium|bulgaria|croatia|cyprus|czech\w*|denmark|estonia|"
             r"finland|france|germany|greece|hungary|ireland|italy|latvia|lithuania|luxembourg|malta|netherlands|"
             r"holland|poland|portugal|romania|slovakia|slovenia|spain|sweden|paris|berlin|munich|hamburg|frankfurt|"
             r"madrid|barcelona|rome|milan|amsterdam|rotterdam|dublin|vienna|brussels|lisbon|warsaw|krakow|"
             r"stockholm|copenhagen|helsinki|prague|budapest|athens|bucharest|sofia|tallinn|riga|vilnius|zagreb|"
             r"ljubljana|bratislava)")
_EU_ADJ = (r"(?:eu|european union|austrian|belgian|bulgarian|croatian|cypriot|czech|danish|estonian|finnish|french|"
           r"german|greek|hungarian|irish|italian|latvian|lithuanian|luxembourgish|maltese|dutch|polish|portuguese|"
           r"romanian|slovak|slovenian|spanish|swedish)")
_NON_EU_PLACE = (r"(?:us\b|u\.s\.|usa|united states|america|korea|japan|china|canada|uk\b|united kingdom|britain|"
                 r"england|london|switzerland|zurich|geneva|norway|oslo|iceland|india|singapore|australia|brazil|"
                 r"israel|turkey|mexico|taiwan|hong kong|new york|san francisco|california|seoul|tokyo|toronto|"
                 r"silicon valley|texas|vietnam|indonesia)")
_NON_EU_ADJ = (r"(?:us|american|korean|japanese|chinese|canadian|british|english|swiss|norwegian|icelandic|indian|"
               r"singaporean|australian|brazilian|israeli|turkish|mexican|taiwanese|vietnamese)")
_ORG = (r"(?:compan(?:y|ies)|firms?|startups?|start up|business\w*|corporations?|corp|entity|organi[sz]ations?|"
        r"developers?|labs?|teams?|banks?|agency|ngo|universit\w*|subsidiar\w*|enterprises?|licensees?|insurers?|"
        r"retailers?|hospitals?|publishers?|governments?|ministry)")
_WHERE = (r"(?:based|headquartered|hq|domiciled|located|incorporated|registered|seated|established|principal place "
          r"of business(?: is)?|offices?|situated|operating)")


def _licensee(place: str, adj: str) -> re.Pattern[str]:
    return rx(adj + r" (?:based |headquartered )?(?:[\w']+ )?" + _ORG + r"\b",
              _WHERE + r" (?:[\w']+ ){0,2}?(?:in|out of|from) (?:the )?" + place,
              r"(?:we are|we're|i am|i'm|we live|i live|we reside|i reside|we sit|our (?:company|startup|firm|business|"
              r"team|hq) is) (?:[\w']+ ){0,3}?(?:in|from) (?:the )?" + place,
              adj + r" (?:citizens?|residents?|individuals?|nationals?|freelancers?|researchers?|students?|developers?|"
              r"person|sole trader)\b(?! (?:use|using|of) (?:our|your|the company))",
              r"(?:citizens?|residents?|nationals?) of (?:the )?" + place + r"(?! (?:use|using) (?:our|your))",
              _ORG + r" (?:(?:is |are |that is |which is )?(?:based |located |headquartered |registered )?)(?:in|from) "
              r"(?:the )?" + place,
              place + r" (?:based|built|made|headquartered)", r"(?:made|built) in (?:the )?" + place)


_EU_LICENSEE = _licensee(_EU_PLACE, _EU_ADJ)
_NON_EU_LICENSEE = _licensee(_NON_EU_PLACE, _NON_EU_ADJ)
_EU_USERS = rx(
    r"(?:users|customers|end users|people|clients|consumers|visitors|audience|subscribers|players|citizens|residents|"
    r"market|patients|buyers|students|members) (?:[\w']+ ){0,2}?(?:in|from|across|throughout) (?:the )?(?:"
    + _EU_PLACE + r"|europe)",
    r"(?:" + _EU_ADJ + r"|european) (?:end )?(?:users|customers|clients|consumers|market|audience|end users|people|"
    r"residents|citizens|visitors|buyers|subscribers|players|patients|shoppers)",
    r"(?:serv\w*|sell\w* to|offer\w* (?:[\w']+ ){0,3}to|launch\w* in|expand\w* (?:to|into)|available in) (?:[\w']+ ){0,2}"
    r"(?:the )?(?:" + _EU_PLACE + r"|europe)\b")
_EU_ANY = rx(_EU_PLACE, r"europe\w*")
_OUTSIDE_EU = rx(r"non (?:eu|european|european union)\b", r"not (?:an? )?(?:eu|european|european union) (?:based|company|entity|firm)", r"outside (?:of )?(?:the )?(?:eu\b|european union|europe\b)",
                 r"not (?:based |located |headquartered |domiciled |registered |incorporated )?in (?:the )?(?:eu\b|"
                 r"european union)", r"(?:no|without an?) (?:eu|european) (?:presence|entity|office|subsidiary)")
_TRADEMARK = Cue(r"(?:llama|meta)'?s? (?:[\w']+ )?(?:logos?|trademarks?|brand\w*|marks?)\b", r"trademarks?\b",
                r"logos?\b", r"(?:use|put|print|show)\w* (?:[\w']+ ){0,2}(?:llama|meta)'?s? name")
_MULTIMODAL = rx(r"multi ?modal\w*", r"vision\b", r"images?\b", r"visual\w*", r"vlms?\b", r"11b\b", r"90b\b",
                 r"scout", r"maverick", r"behemoth", r"llama 4", r"photos?\b", r"video")
_TEXT_ONLY = rx(r"text only", r"1b\b", r"3b\b", r"text model", r"lightweight")


# One pass over the words finds every cue family that can match: harm categories, ordinary activities,
# high-risk domains and EU places; only those regexes run.
_INDEX = CueIndex({
    **{f"h:{k}": v for k, v in _HARM_ANY.items()},
    **{f"a:{k}": v for k, v in ACTIVITY_RX.items()},
    **{f"d:{k}": v for k, v in DOMAINS.items()},
    "g:eu": Cue(_EU_PLACE, r"europe\w*", _EU_ADJ),
    "o:out": _OUT,
    "o:distill": _DISTILL,
    "t:mark": _TRADEMARK,
})


def _protective(t: str) -> str:
    """The strongest protective purpose in the text: "detect", "study", "fiction" or ""."""
    study = False
    for m in PROTECT.finditer(t):
        if (EVADE.search(t, max(0, m.start() - 30), m.start()) or FAKED_BEFORE.search(t, max(0, m.start() - 30), m.start())
                or NOT_PROTECTIVE_OBJECT.match(t, m.start())
                or EVADED_AFTER.match(t, m.end())):
            continue
        if not STUDY.match(m.group(0)):
            return "detect"
        study = True
    if study:
        return "study"
    for m in FICTION.finditer(t):
        if not NEWS_STORY.search(t, max(0, m.start() - 25), m.end()):
            return "fiction"
    return ""


def _harms(t: str, rec: Recognition, candidates: list[str]) -> None:
    cats = [c[2:] for c in candidates if c[0] == "h" and _HARM_ANY[c[2:]].rx.search(t)]
    if not cats:
        return
    purpose = _protective(t)
    for cat in cats:
        act_rx, topic_rx, weak_rx = _HARM_RX[cat]
        need = REQUIRES.get(cat)
        if need is not None and not need.search(t):
            continue
        if purpose == "study" and cat in STUDY_NO_EXCUSE:
            rec.ambiguous.append(cat)  # "weapons research": review, never allowed
            continue
        excused = purpose in ("detect", "study") or (purpose == "fiction" and cat not in FICTION_NO_EXCUSE)
        kind = ""
        if act_rx is not None and act_rx.search(t):
            kind = "act"
        elif topic_rx is not None:
            for m in topic_rx.finditer(t):
                if negated_before(t, m.start()):
                    kind = kind or "weak"  # "a bot that never writes hate speech": review
                    continue
                kind = "act" if does_before(t, m.start()) else "topic"
                if kind == "act":
                    break
        if not kind and weak_rx is not None and weak_rx.search(t):
            strong = STRENGTHEN.get(cat)
            kind = "act" if strong is not None and strong.search(t) else "weak"
        if not kind:
            continue
        if kind == "act":
            rec.ambiguous.append(cat) if excused else rec.add(cat)
        elif excused:
            rec.detected.append(cat)
        elif kind == "topic":
            rec.add(cat)
        else:
            rec.weak.append(cat)


def _high_risk(t: str, rec: Recognition, candidates: list[str]) -> None:
    for domain, drx in DOMAINS.items():
        if f"d:{domain}" not in candidates or not drx.rx.search(t):
            continue
        if domain == "emergency" and _LOGISTICS.search(t) and not _EMERGENCY_STRONG.search(t):
            continue  # dispatchers of delivery trucks are not emergency services
        if _SOLE.search(t):
            rec.add(f"{domain}_sole")
        elif _ASSIST.search(t):
            rec.add(f"{domain}_assist")
        elif _SOLE_WEAK.search(t):
            rec.add(f"{domain}_sole")
        else:
            rec.add(f"{domain}_assist")
            rec.domain_unclear.append(domain)


def _output_training(t: str, rec: Recognition, candidates: list[str]) -> bool:
    """Training on outputs or distilling; True when the text was about that (then `fine_tune` etc. are decided)."""
    distill = "o:distill" in candidates and bool(_DISTILL.rx.search(t))
    if not distill and not ("o:out" in candidates and _OUT.rx.search(t) and _TRAIN.search(t)):
        return False
    banned = "distill_teacher" if distill else "train_llm_on_outputs"
    if _NOT_LLM.search(t):
        rec.add("outputs_task_dataset")  # "a model that is not an LLM": the guide's task-dataset example
    elif _LLM.search(t):
        rec.add(banned)
    elif _TASK.search(t):
        rec.add("outputs_task_dataset")
    elif _LLAMA_TARGET.search(t):
        rec.add("fine_tune")  # improving Llama itself or a Llama derivative is the guide's permitted example
    else:
        rec.add(banned)  # a model of one's own trained on outputs: the guide's "new LLM" case
    return True


def _geography(t: str, rec: Recognition, *, pack_id: str, eu_pack: bool) -> None:
    outside = bool(_OUTSIDE_EU.search(t))  # "a non-EU company", "we are not based in the EU"
    eu_lic = None if outside else _EU_LICENSEE.search(t)
    non_eu = outside or bool(_NON_EU_LICENSEE.search(t))
    if eu_lic:
        if _MULTIMODAL.search(t) or pack_id == "llama-4":
            rec.add("eu_multimodal")
        elif _TEXT_ONLY.search(t):
            rec.eu_text_only = True
        else:
            rec.add("eu_unclear")
    elif _EU_USERS.search(t):
        rec.add("eu_end_users" if non_eu else "eu_unclear")
    elif eu_pack and _EU_ANY.search(t) and not non_eu:
        rec.add("eu_unclear")


def recognise(t: str, *, pack_id: str, eu_pack: bool) -> Recognition:
    """The activities in normalised text `t` (see rules.text.normalize)."""
    rec = Recognition()
    candidates = _INDEX.candidates(t)
    _harms(t, rec, candidates)
    _high_risk(t, rec, candidates)
    about_outputs = _output_training(t, rec, candidates)
    for aid in (c[2:] for c in candidates if c[0] == "a"):
        if about_outputs and aid in ("outputs_commercial", "fine_tune", "research"):
            continue
        if ACTIVITY_RX[aid].rx.search(t):
            rec.add(aid)
    if rec.detected and not rec.ambiguous:
        rec.add("detect_harm")
    if "detect_harm" in rec.activities or rec.ambiguous:
        # "research on disinformation" is about the harm, not a research licence question.
        rec.activities = [a for a in rec.activities if a != "research"]
    if "g:eu" in candidates:
        _geography(t, rec, pack_id=pack_id, eu_pack=eu_pack)
    rec.trademark = "t:mark" in candidates and bool(_TRADEMARK.rx.search(t))
    return rec


__all__ = ["DOMAINS", "Recognition", "W", "recognise"]
