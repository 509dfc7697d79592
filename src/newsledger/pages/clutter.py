"""Page clutter: tell the report's own paragraphs from what the page put around them.

Works on units (lines, or paragraphs from an HTML extractor) in two passes:

1. each unit gets a label from its own text: interface strings ("Advertisement",
   "Share this article", "Reuse this content"), copyright, reporting credits, image and
   video captions with their credits, media labels ("Video description", "A slideshow
   of..."), comment notices, newsletter boxes, date lines, bylines;
2. for plain-text scrapes, position decides the rest: before the first body-like unit
   comes the title, bylines and dates; after the last one, related links and tags.

Labels are deliberately tight (whole-line patterns with word limits) so a body paragraph
that merely mentions comments or copyright stays in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import takewhile

from newsledger.pages import byline as bylines
from newsledger.pages.dateline import date_label, date_line
from newsledger.record import Byline, Media

# --- single-unit patterns ---------------------------------------------------------------

_UI = re.compile(
    r"""^(?:
      advertisements?(?:\s*[·|•-]\s*scroll\ to\ continue)?|scroll\ to\ continue|skip\ advertisement|story\ continues\ below(?:\ advertisement)?
    | continue\ reading(?:\ below|\ the\ main\ story)?|supported\ by|sponsored(?:\ content)?
    | share(?:\ this)?(?:\ (?:article|story|page|on\ \w+))?|share\ via.*|copy\ link|link\ copied
    | print(?:\ this\ (?:article|page))?|save(?:\ (?:article|story))?|saved|email|gift\ (?:this\ )?article
    | comments?|jump\ to\ comments(?:\ section)?|(?:view|show|hide|read)\ (?:all\ )?comments
    | reuse\ this\ content\b.*|listen\ to\ this\ (?:article|story)\b.*|\d+\ min(?:ute)?s?\ read
    | read\ more\b.*|related\b\s*:.*|related(?:\ (?:articles|stories|coverage|content|topics|links))?
    | recommended(?:\ (?:stories|articles|for\ you))?|more\ on\ this\ (?:story|topic)|more\ from\ .{0,60}
    | most\ (?:read|popular|viewed|shared)|also\ read\b.*|see\ also\b.*|watch\ more|explore\ more\ on\ these\ topics
    | sign\ up\ (?:to|for|here)\b.*|subscribe\b.*|(?:free\ )?(?:daily\ |weekly\ )?newsletters?\b.*
    | get\ (?:our|the)\ .{0,40}newsletter.*|privacy\ notice\b.*|after\ newsletter\ promotion
    | thanks?(?:\ you)?\ for\ (?:subscribing|signing\ up)\s*[!.].*|(?:awesome|great|success)\W+you(?:['’]re|\ are)\ (?:now\ )?subscribed\b.*
    | (?:.{0,120}[.?!]\s+)?(?:start|get|begin|try|unlock)\ your\ (?:[\w’'-]+\ ){0,4}(?:subscription|membership|free\ trial)\b.{0,40}
    | skip\ past\ newsletter\ promotion|follow\ (?:us|[\w.'’-]+(?:\ [\w.'’-]+){0,3})\ on
      \ (?:x|twitter|facebook|instagram|threads|bluesky|linkedin|tiktok|youtube|whatsapp|telegram)\b.*
    | follow\ .{0,60}\bcoverage\b.*|click\ here\b.*|tap\ here\b.*|our\ standards\s*:.*|the\ thomson\ reuters\ trust\ principles\b.*
    | (?:this|the)\ (?:article|story|report|piece)\ (?:was|has\ been|is)\ (?:amended|updated|corrected|edited|changed)\b.*
    | correction\s*:.*|clarification\s*:.*|editor[’']?s\ note\s*:.*
    | topics?\s*:.*|tags?\s*:.*|filed\ under\b.*|categories\s*:.*
    | image\ \d+\ of\ \d+|\d+\ of\ \d+|open\ image\ in\ gallery|enlarge\ this\ image|toggle\ caption|hide\ caption
    | purchase\ licensing\ rights|report\ an\ error|get\ in\ touch\b.*|contact\ us\b.*|download\ the\ .{0,40}\ app\b.*
    | _{3,}|[—–-]{3,}|\*{3,}|(?:\*\s*){3,}|…
    | [—–-]*\s*o0o\s*[—–-]*|read\ also\b.*|related\ \w+\s*:.*
    | (?:[—–-]\s*)?with\ files\ from\b.*|translated\ from\ \w+(?:\ by\b.*|\.)?
    | (?:this\ (?:article|story|report|piece)\ (?:was|is|has\ been)\ )?translated\ from\ the\ .{0,120}
    | (?:this|the)\ transcript\ (?:was|is|has\ been)\b.*|issued\ by\ the\ .{0,160}
    | \[[^\[\]]{3,300}\]
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_UI_MAX_WORDS = 40
# Headings of link lists: the short lines after them are headlines of other reports.
_LIST_OPENER = re.compile(
    r"^(?:read\s+more|related(?:\s+(?:articles|stories|coverage|content|links))?|see\s+also|also\s+read"
    r"|more\s+on\s+this\s+(?:story|topic)|more\s+from\s+.{0,60}|most\s+(?:read|popular|viewed|shared)"
    r"|recommended(?:\s+(?:stories|articles|for\s+you))?|explore\s+more\s+on\s+these\s+topics|topics|tags)\s*:?$",
    re.IGNORECASE,
)
_LIST_SPAN = 8
_LINK_MAX_WORDS = 20
# The words of a notice that comments are off: a whole line in a text scrape (here), anywhere
# in an HTML page (pages.html).
COMMENTS_OFF_PHRASE = (
    r"(?:comments?\s+(?:have|has|are|is)\s+(?:not\s+been\s+enabled|been\s+(?:disabled|closed|turned\s+off)"
    r"|closed|disabled|turned\s+off|not\s+(?:enabled|available))"
    r"|commenting\s+(?:is|has\s+been)\s+(?:disabled|closed|turned\s+off|not\s+available))\b"
)
_COMMENTS_OFF = re.compile("^" + COMMENTS_OFF_PHRASE, re.IGNORECASE)
_COMMENTS_ON = re.compile(
    r"^(?:\d[\d,.]*k?\s+comments?|comments?\s*\(\d[\d,]*\)|(?:view|show|read)\s+(?:all\s+)?\d[\d,]*\s+comments"
    r"|join\s+the\s+(?:conversation|discussion)|leave\s+a\s+(?:comment|reply)|add\s+(?:a|your)\s+comment"
    r"|post\s+a\s+comment)\b",
    re.IGNORECASE,
)
_NOTICE_MAX_WORDS = 25
_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s)", re.IGNORECASE)
_RIGHTS = re.compile(r"rights\s+reserved", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_REPORTING_VERB = re.compile(r"\b(?:said|says|told|according)\b", re.IGNORECASE)
_COPYRIGHT_NOISE = re.compile(
    r"copyright|©|\(c\)|\b(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\b|all\s+rights\s+reserved\.?"
    r"|\bor\s+its\s+affiliated\s+compan(?:y|ies)|\band/or\s+its\s+affiliates|\bthis\s+material\b.*",
    re.IGNORECASE,
)
_COMPANY_SUFFIX = re.compile(
    r"[\s,]+(?:limited|ltd|inc|llc|plc|corp(?:oration)?|co|company|group|gmbh|s\.?a|n\.?v)\.?$",
    re.IGNORECASE,
)
# A trailing "(Reporting by ...; Editing by ...)" glued to a paragraph (Reuters style).
_TRAILING_CREDIT = re.compile(
    r"\s*[(\[]\s*(?:(?:additional|further)\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^()\[\]]*[)\]]\s*$",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"^(?P<who>.+?)\s+contributed(?:\s+(?:to\s+this\s+(?:report|story|article)|reporting|additional\s+reporting))"
    r"(?:\s+from\s+(?P<place>[^.]+))?\.?$",
    re.IGNORECASE,
)
# "Associated Press writers ...", "Fox News Digital's ...", "Reuters' ..." before the names.
_CONTRIBUTOR_ROLE = re.compile(
    r"^(?:.*?\b(?:writers?|reporters?|journalists?|correspondents?|photographers?|staff)\s+"
    r"|[A-Z][\w .&]*?(?:['’]s|s['’])\s+)"
)
_NAME_LINE_GLUE = {"and", "in", "from", "de", "da", "del", "van", "von", "bin", "al", "el", "la", "le"}
_MENU_SEPARATOR = re.compile(r"\s[|>»›/•·]\s|\s[|>»›]|[|>»›]\s")
_TERMINAL = re.compile(r"[.!?…:][\s\"”’'»)\]]*$")
_EDGE_MIN_BODY = 3  # the line model leaves at least this many units when it trims a body's ends
_CONTINUED = re.compile(r"[:;,][\s\"”’'»)\]]*$")  # a unit ending so goes on in the next one
_CLAUSE_END = re.compile(r"[.!?…:;,][\s\"”’'»)\]]*$")
_BODY_MIN_WORDS = 20  # a unit this long is prose even without final punctuation
_BIO_SPAN = 3  # the last paragraphs in which an author's bio may stand
_BIO_MAX_WORDS = 120

# --- media --------------------------------------------------------------------------------

_CREDIT_FORMS = (
    re.compile(r"^(?P<caption>.*?)\s*©\s*(?P<credit>[^©]{2,100})$"),
    re.compile(
        r"^(?P<caption>.*?)\s*\b(?:Photograph|Photo|Photos|Photo\s+credit|Picture|Pictures|Image|Images"
        r"|Illustration|Composite|Credit|Credits|Graphic|Footage|Video)\s*:\s*(?P<credit>[^:]{2,100})$"
    ),
    re.compile(
        r"^(?P<caption>.*?)\s*\((?P<credit>(?:[A-Z][\w.]*\s+)?(?:Photo|Photograph|Image|Picture|Illustration"
        r"|Video|Pool\s+photo)s?\s*(?:/|\bby\b|:)[^()]{1,120})\)$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?P<caption>.*?[.!?”\"’])\s*\((?P<credit>[A-Z][\w.'’ -]{1,60}/\s*[A-Z][\w.'’ -]{1,60})\)$"),
    # "... on Monday. – Picture by Jane Doe", "Photo by Jane Doe/Agency"
    re.compile(r"^(?:(?P<caption>.*?)(?:[.!?”\"’]|\s[-–—]))?\s*(?P<credit>(?:Photo(?:graph)?|Picture|Image)s?\s+by\s+"
               r"[A-Z][^.:;!?]{1,80})$"),
    re.compile(
        r"^(?P<caption>.*?[.!?”\"’)])\s+(?P<credit>(?:REUTERS|AFP|AP|EPA(?:-EFE)?|ANADOLU|XINHUA|POOL)"
        r"\s*/\s*[^/]{2,60}(?:/[^/]{2,40})*)$"
    ),
    re.compile(
        r"^(?P<caption>.*?[.!?”\"’)])\s+(?P<credit>[A-Z][\w.'’ -]{1,60}/(?:Getty\s+Images|AFP|Reuters|AP"
        r"|EPA(?:-EFE)?|Shutterstock|Bloomberg|Alamy|PA(?:\s+Wire|\s+Images)?|SOPA\s+Images|NurPhoto"
        r"|Anadolu|Zuma\s+Press|Redux|LightRocket|Polaris)(?:\s+via\s+Getty\s+Images)?)$"
    ),
)
_CAPTION_TAIL_NOISE = re.compile(r"\s*(?:Purchase\s+Licensing\s+Rights|Open\s+in\s+new\s+window|Expand)\s*$", re.IGNORECASE)
_CAPTION_MAX_WORDS = 80
_SLIDESHOW_LABEL = re.compile(
    r"^(?:an?\s+)?(?:slideshow|gallery|photo\s+gallery|picture\s+gallery|photo\s+essay)\b.*$|^in\s+pictures\b.*$"
    r"|^\d+\s+(?:photos|pictures|images)$|^view\s+(?:gallery|slideshow|all\s+\d+\s+images)$",
    re.IGNORECASE,
)
_VIDEO_DESCRIPTION_LABEL = re.compile(r"^(?:video|audio)\s+(?:description|transcript)$", re.IGNORECASE)
_VIDEO_LABEL = re.compile(
    r"^(?:(?P<kind>video|watch|watch\s+video|play\s+video|audio|listen|podcast)"
    r"(?:\s*[:|–—-]\s*(?P<title>.+))?|media\s+playback\s+is\s+(?:unsupported|not\s+supported)\s+on\s+your\s+device)$",
    re.IGNORECASE,
)
_GRAPHIC_LABEL = re.compile(r"^(?:graphic|interactive|map|chart|infographic)$", re.IGNORECASE)
_LABEL_MAX_WORDS = 15
# A media item's fields written as "Label, value" lines: "Image source, Agency", "Image caption, ...".
_SOURCE_LABEL = re.compile(r"^(?P<kind>image|photo|picture|video)\s+(?:source|credit)s?\s*[,:]\s*(?P<credit>.{2,100})$",
                           re.IGNORECASE)
SOURCE_LABEL = _SOURCE_LABEL  # for the HTML reader's credit elements
_CAPTION_LABEL = re.compile(r"^(?:image|photo|picture|video)\s+caption\s*[,:]\s*(?P<caption>.+)$", re.IGNORECASE)
_NEWSLETTER_START = re.compile(r"^sign\s+up\s+(?:to|for)\b", re.IGNORECASE)
# A press release's end mark ("ENDS", "-ENDS-", "###", "-30-"): what follows is notes to
# editors, "About us" and the media contact, never the release.
_RELEASE_END = re.compile(r"^\s*(?:(?:[-–—*]+\s*)?(?:ENDS?|#{3}|-30-)(?:\s*[-–—*]+)?"
                          r"|(?i:notes?\s+(?:to|for)\s+(?:the\s+)?editors?)\s*:?)\s*$")
_NEWSLETTER_END = re.compile(r"^after\s+newsletter\s+promotion$", re.IGNORECASE)
_NEWSLETTER_SPAN = 8


@dataclass
class Separated:
    """What separation found: which units are body, and what the clutter told us."""

    body: list[int] = field(default_factory=list)  # indices of the units that are the report
    texts: list[str] = field(default_factory=list)  # unit texts, trailing credits removed
    title: str | None = None
    byline: list[Byline] = field(default_factory=list)
    credits: list[Byline] = field(default_factory=list)  # the part of byline from credit lines ("Reporting by")
    media: list[Media] = field(default_factory=list)
    copyright: str | None = None
    publisher: str | None = None
    comments_enabled: bool | None = None
    published: str | None = None
    masthead: str | None = None  # a plain-text scrape's first line, when it is the site's name


_DESK_LINE_WORDS = 7


def separate(texts: list[str], *, plain: bool, use_model: bool = True) -> Separated:
    """Split units into body and clutter. ``plain``: a text scrape (use position too).
    ``use_model``: the learned unit classifier (``_line_model``) may take out units the rules
    kept, where it is confident they are not the report's (off: the rules alone)."""
    out = Separated(texts=list(texts))
    clutter = [False] * len(texts)
    top_names: list[Byline] = []
    first_meta = len(texts)  # the first byline or date line: a title comes before it
    credit_names: list[Byline] = []
    comments: list[bool] = []
    dates: list[tuple[str | None, str]] = []
    by_lines = 0  # "By ..." lines read
    speakers: list[str] = []
    labelled: list[str] = []
    meta_desks: list[Byline] = []  # desks credited on a date line: the byline when nothing better
    i = 0
    while i < len(out.texts):
        text = out.texts[i]
        words = len(text.split())
        tail = _TRAILING_CREDIT.search(text)
        if tail and tail.start() > 0:  # a credit glued to the last paragraph
            credit_names.extend(bylines.credit_names(tail.group(0)))
            out.texts[i] = text = text[: tail.start()].rstrip()
        consumed = _media_at(out.texts, i, out.media)
        if consumed:
            for j in range(i, i + consumed):
                clutter[j] = True
            i += consumed
            continue
        label = True
        if _RELEASE_END.match(text) and any(len(out.texts[j].split()) > 12 for j in range(i) if not clutter[j]):
            for j in range(i, len(out.texts)):
                clutter[j] = True
            break
        if _NEWSLETTER_START.match(text) and words <= _UI_MAX_WORDS:
            end = _newsletter_end(out.texts, i)
            for j in range(i, end + 1):
                clutter[j] = True
            i = end + 1
            continue
        if words <= _NOTICE_MAX_WORDS and _COMMENTS_OFF.match(text):
            comments.append(False)
        elif words <= _NOTICE_MAX_WORDS and _COMMENTS_ON.match(text):
            comments.append(True)
        elif words <= _UI_MAX_WORDS and _UI.match(text):
            if _LIST_OPENER.match(text):
                end = _link_list_end(out.texts, i)
                for j in range(i, end + 1):
                    clutter[j] = True
                i = end + 1
                continue
        elif is_copyright(text, words):
            out.copyright = out.copyright or text
        elif bylines.CREDIT_LINE.match(text) and words <= 80:
            credit_names.extend(bylines.credit_names(text))
        elif (contributors := _contributors(text, words)) is not None:
            credit_names.extend(contributors)
        elif words <= 20 and (by := bylines.by_segment(text)) is not None and len(by.split()) <= 12 and (
                names := bylines.byline_names(by) or ([desk] if (desk := bylines.desk_name(by)) else [])):
            top_names.extend(names)
            by_lines += 1
            first_meta = min(first_meta, i)
            if by != text.strip() and (dated := date_line(text.replace(by, " "))) is not None:
                dates.append((dated.label, dated.value))  # "Wednesday 4 June 2025 | By Jane Doe"
        elif (dated := date_line(text)) is not None and (dated.label or plain):
            # a label on the line above ("Published" / "14 March 2025") is the date's own
            label_above = date_label(out.texts[i - 1]) if i and dated.label is None else None
            dates.append((dated.label or label_above, dated.value))
            first_meta = min(first_meta, i)
            if plain and (desk := bylines.meta_desk(text)) is not None:
                meta_desks.append(desk)  # "Redacción Diario24 | 21/03/2025 - 08:12"
        elif words <= _DESK_LINE_WORDS and (desk := bylines.desk_line(text)) is not None:
            meta_desks.append(desk)  # "Staff Correspondent | Gazipur", "Our Correspondent, Quetta"
            first_meta = min(first_meta, i)
        else:
            label = False
            if words > 3 and "(" in text[:44] and (voice := bylines.speaker(text)):
                speakers.append(voice)  # a transcript's presenter or correspondent
            elif words > 3 and (voice := bylines.label_name(text)):
                labelled.append(voice)  # "JANE DOE: ...": a correspondent only if the transcript says so
        clutter[i] = label
        i += 1

    model = probs = None
    if use_model:
        from newsledger.pages import _line_model

        model = _line_model.model()
    if model is not None and plain:
        probs = model.probabilities(out.texts, html=False)
    if plain:
        _by_position(out, clutter, top_names, first_meta, probs, guess_names=not by_lines)
    out.body = [i for i, is_clutter in enumerate(clutter) if not is_clutter and out.texts[i]]
    if model is not None:
        if not plain:
            # In an extractor's paragraphs only the short units heading the body can leave it
            # (see _by_model): those alone are scored, with the same numbers (less work per page).
            head = list(takewhile(lambda i: len(out.texts[i].split()) <= model.html_max_words, out.body))
            probs = model.probabilities(out.texts, html=True, only=head)
        _by_model(out, probs, plain)
    out.body = _to_sign_off(out.texts, out.body)
    if labelled:  # "our correspondent Jane Doe is in Greyport" ... "JANE DOE: ..."
        speakers += bylines.introduced_correspondents(labelled, [out.texts[i] for i in out.body])
    if not top_names and not credit_names and speakers:  # a transcript: its newsroom voices
        top_names = bylines.voices(speakers, [out.texts[i] for i in out.body])
    if not top_names and not credit_names and meta_desks:
        top_names = meta_desks[:1]
    if not top_names and not credit_names and out.body:  # a statement: the official who signs it
        end = out.body[-1]
        last = [out.texts[i] for i in out.body[-_SIGNATURE_UNITS:]] + out.texts[end + 1:end + 1 + _SIGNATURE_UNITS]
        signer = bylines.signatory(last)
        if signer is not None:
            top_names = [signer]
        elif plain:  # a text scrape's sign-off under the report: "— Jane Doe, Greyport" (not the report's words)
            for i in out.body[-_SIGNATURE_UNITS:] + list(range(end + 1, min(len(out.texts), end + 1 + _SIGNATURE_UNITS))):
                if names := bylines.sign_off([out.texts[i]]):
                    top_names = names
                    if i in out.body and len(out.body) > 1:
                        out.body = [k for k in out.body if k != i]
                    break
    # The byline is the report's "By ..." line when it has one; the end credits ("Reporting by
    # A in X; Additional reporting by B; Writing by C") then only tell where its people were.
    # Without one, the credits' reporters and writers are the byline.
    if top_names:
        named = {b.name.casefold() for b in top_names}
        out.byline = bylines.unique(top_names + [b for b in credit_names if b.name.casefold() in named])
    else:
        out.byline = bylines.unique(credit_names)
    out.credits = bylines.unique(credit_names)
    out.comments_enabled = False if False in comments else (True if comments else None)
    out.published = _published(dates)
    out.publisher = (publisher_from_copyright(out.copyright) if out.copyright else None) or out.masthead \
        or _dateline_wire(out.texts[out.body[0]] if out.body else "")
    return out


_SIGNATURE_UNITS = 4  # the units at the end of a statement's body and below it where its signature may be


# A wire report's sign-off: its agency (and the place it filed from) after a dash, ending the last
# paragraph ("... attacks on villages continue. - AFP") or on a line of its own ("- TSP, Meridian").
_SIGN_OFF_WORDS = r"[-\u2013\u2014]\s*[A-Z][\w&.'\u2019-]*(?:\s+[A-Z][\w&.'\u2019-]*){0,2}(?:,\s*[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2})?\s*$"
_SIGNED_OFF = re.compile(r"[.!?\"\u201d]\s+" + _SIGN_OFF_WORDS)
_SIGN_OFF_LINE = re.compile(r"^\s*" + _SIGN_OFF_WORDS)
_SIGNED_MIN_WORDS = 8  # a report's paragraph before the sign-off, not a list item ("Song, \u201cTitle\u201d \u2013 WINNER")
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019')]*\s*$")


def _to_sign_off(texts: list[str], body: list[int]) -> list[int]:
    """The body ends at its wire sign-off: the units after a paragraph signed off by its agency
    ("... continue. - AFP") that are not sentences ("Also in World in brief: ...", "More world
    news: ...": the page's links), and a sign-off on a line of its own at the body's end, are
    not the report's. A sentence after the sign-off keeps the body as it was (the dash was the
    report's own)."""
    for k in range(len(body) - 1, -1, -1):
        text = texts[body[k]]
        if _SIGN_OFF_LINE.match(text) and len(text.split()) <= 7 and k == len(body) - 1 and k > 0 \
                and _SENTENCE_END.search(texts[body[k - 1]]):  # under a paragraph, not a list's last item
            return body[:k]
        if (signed := _SIGNED_OFF.search(text)) and len(text[:signed.start()].split()) >= _SIGNED_MIN_WORDS:
            rest = body[k + 1:]
            if rest and all(not _CLAUSE_END.search(texts[i]) and len(texts[i].split()) < _BODY_MIN_WORDS for i in rest):
                return body[:k + 1]
            return body
        if is_sentence_like(texts[body[k]]):
            return body
    return body


def _by_model(out: Separated, probs: list[list[float]], plain: bool) -> None:
    """The learned classifier's say: body units it is confident are clutter, a byline, a
    dateline or a credit leave the body."""
    from newsledger.pages import _line_model

    model = _line_model.model()
    if plain:
        # Only units that are not sentences (labels, page and column heads, link lines): a
        # sentence of the report stays whatever the model says (in short fictional scrapes of
        # other outlets it took real paragraphs out). Never the whole body.
        out.body = text_body(out.texts, out.body, [1.0 - p[0] if p else 0.0 for p in probs], model.confidence,
                             model.sentence_confidence, model.edge_confidence)
        return
    # An extractor's paragraphs: only short units at the body's head, up to the first unit that
    # is not a confident non-body unit; the rest stays whole (trimming the tail too cost body F1
    # on the public Fundus pages: 0.960 -> 0.959; the head alone 0.961).
    def out_of_body(i: int) -> bool:
        return len(out.texts[i].split()) <= model.html_max_words and 1.0 - probs[i][0] >= model.html_confidence

    body = list(out.body)
    while body and out_of_body(body[0]):
        body.pop(0)
    out.body = body or out.body


def text_body(texts: list[str], body: list[int], not_body: list[float], confidence: float,
              sentence_confidence: float, edge_confidence: float) -> list[int]:
    """A text scrape's body units after the line model (``not_body``: each unit's P(not body)):
    a unit that is not a sentence goes at ``confidence``, a sentence at ``sentence_confidence``,
    and the units at the body's two ends, one after the other, at ``edge_confidence``. Never
    the whole body. (The training script's cross-validation makes this same decision.)"""
    kept = [i for i in body if not_body[i] < (sentence_confidence if is_sentence_like(texts[i]) else confidence)]
    start, end = 0, len(kept)
    # a short body is all the report there is; a unit that goes on with the sentence before it
    # (a list item after "calls on:" or after a ";") is the report's
    while end - start > _EDGE_MIN_BODY and not_body[kept[start]] >= edge_confidence:
        start += 1
    while end - start > _EDGE_MIN_BODY and not_body[kept[end - 1]] >= edge_confidence \
            and not _CONTINUED.search(texts[kept[end - 2]]):
        end -= 1
    return kept[start:end] or kept or body


def without_author_bios(body: str, byline: list[Byline]) -> str:
    """Drop the author's bio from the end of the body ("Jane Doe is a reporter for ...").

    Only the last few paragraphs, only when they open with a credited author's name and a
    bio verb: a report about a person opens its paragraphs with the name too, but that person
    is not the byline.
    """
    if not byline or not body:
        return body
    paragraphs = body.split("\n\n")
    names = [b.name for b in byline if b.name]
    firsts = [n.split()[0] for n in names if len(n.split()) > 1]
    full = "|".join(re.escape(n) for n in names)
    bio = re.compile(rf"^(?:{full})\s+(?:is|was|has|writes|covers|reports|joined)\b", re.IGNORECASE)
    first = re.compile(rf"^(?:{'|'.join(re.escape(n) for n in firsts)})\s+(?:is|has|writes|covers)\s+(?:a|an|the)\b",
                       re.IGNORECASE) if firsts else None
    keep = len(paragraphs)
    for k in range(len(paragraphs) - 1, max(0, len(paragraphs) - _BIO_SPAN) - 1, -1):
        text = paragraphs[k]
        if len(text.split()) <= _BIO_MAX_WORDS and (bio.match(text) or (first and first.match(text))):
            keep = k
    if keep == 0:
        return body  # nothing else left: the page is the bio
    return "\n\n".join(paragraphs[:keep])


def is_sentence_like(text: str) -> bool:
    """A unit that reads as a sentence, or a clause of one: it ends as one (".", "!", "?",
    ":"), or as a list item inside one (";" or ","), or it is prose-long. The line model takes
    such a unit out of a text scrape only at its sentence confidence."""
    return bool(_CLAUSE_END.search(text)) or len(text.split()) >= _BODY_MIN_WORDS


def is_body_like(text: str) -> bool:
    return bool(_TERMINAL.search(text)) or len(text.split()) >= _BODY_MIN_WORDS


def split_credit(text: str) -> tuple[str | None, str] | None:
    """(caption or None, credit) when text ends with a photo credit, else None."""
    text = _CAPTION_TAIL_NOISE.sub("", text)
    if len(text.split()) > _CAPTION_MAX_WORDS:
        return None
    if _COPYRIGHT.match(text.strip()) or _RIGHTS.search(text):
        return None  # a copyright notice ("© 2025 The Agency. All rights reserved"), not a photo credit
    for form in _CREDIT_FORMS:
        match = form.match(text)
        if match:
            credit = match.group("credit").strip(" .;,")
            if "©" in match.group(0)[:match.start("credit")] and " | " in (match.group("caption") or ""):
                return None  # "About us | Contact | © The Daily 2025": a footer's links, not a caption
            caption = (match.group("caption") or "").strip(" |-–—")
            if credit.endswith(")") and "(" not in credit:  # "... (Photo: X/AFP)" split at the colon
                credit, caption = credit[:-1].rstrip(), caption.rstrip(" (")
            caption = caption or None
            if _YEAR.match(credit) or _RIGHTS.search(credit):
                return None  # "© 2025 Radio Network. Privacy | Terms": a footer
            if credit and not _REPORTING_VERB.search(credit):
                return caption, credit
    return None


_CREDIT_LABEL = re.compile(
    r"^(?:(?:photo(?:graph)?s?|pictures?|images?|credit|illustration|video)\s*(?::|\bby\b)\s*)+", re.IGNORECASE)
_CREDIT_PARTS = re.compile(r"\s*/\s*|\s+via\s+", re.IGNORECASE)
_AGENCY_PHOTO = re.compile(r"(?<=\S)\s+photo$", re.IGNORECASE)
_HANDOUT = re.compile(r"(?:^|\s+)handout$|^handout\s+", re.IGNORECASE)
_COMMISSIONED = re.compile(r"\s+for\s+[A-Z].+$")
_ORG_SIGN = re.compile(r"^(?:[A-Z0-9&.-]{2,8}|(?:the|el|la|los|las|le|les|il|der|die|das)\s.*|.*\b(?:images?|photos?|news|agency|press|media|service|pictures"
                       r"|handout|wire|pool|observer|dispatch|today|daily|times|post|review)\b.*)$", re.IGNORECASE)


def credit_parts(credit: str | None, owners: str = "") -> tuple[str | None, str | None]:
    """(agency, photographer) of a photo credit: "Nile Observer/Adil Hamdan", "Jane Doe/AFP",
    "Photo: Jane Doe for The Review", "Getty Images".

    A part that reads as a person's name (two or three capitalised words, no organisation
    sign, not the page's own publisher: ``owners``) is the photographer; the other is the
    agency ("for The Review": the publication that holds the picture). With two name-like
    parts, the "Agency/Photographer" order is assumed."""
    if not credit:
        return None, None
    text = _CREDIT_LABEL.sub("", credit.strip()).strip(" .;,()")
    commissioned = _COMMISSIONED.search(text)
    if commissioned:
        text = f"{text[:commissioned.start()]}/{commissioned.group(0).strip()[4:]}"
    parts = [p.strip(" .;,()") for p in _CREDIT_PARTS.split(text) if p.strip(" .;,()")]
    # "handout" says how the picture came ("AU Commission handout", "Reuters/Handout"), not who took it
    parts = [q for p in parts if (q := _HANDOUT.sub("", p).strip(" .;,()"))] or parts
    # "AP Photo/Jane Doe", "AFP Photo / John Roe": the agency's name and the word "Photo"
    parts = [q for p in parts if (q := _AGENCY_PHOTO.sub("", p).strip(" .;,()"))] or parts
    owners = owners.casefold()

    def person(part: str) -> bool:
        acronym = not part.isupper() and any(len(w) >= 2 and w.isupper() for w in part.split())  # "AU Commission"
        return (len(part.split()) <= 3 and bylines.clean_name(part) is not None and not _ORG_SIGN.match(part)
                and part.casefold() not in owners and not acronym)

    if len(parts) == 1:
        return (None, parts[0]) if person(parts[0]) else (parts[0], None)
    people = [p for p in parts if person(p)]
    orgs = [p for p in parts if p not in people]
    if len(people) >= 2 and not orgs:  # both name-like: agency first
        orgs, people = people[:1], people[1:]
    return (" / ".join(orgs) or None), (" / ".join(people) or None)


def publisher_from_copyright(line: str) -> str | None:
    """"Copyright The Coastline Herald Limited 2025. All rights reserved." → "The Coastline Herald"."""
    name = _COPYRIGHT_NOISE.sub(" ", line)
    name = " ".join(name.replace("|", " ").split()).strip(" .,;:-–")
    name = _COMPANY_SUFFIX.sub("", name).strip(" .,;:-–")
    words = name.split()
    if not 1 <= len(words) <= 6 or not words[0][:1].isupper():
        return None
    return name


# --- helpers ------------------------------------------------------------------------------


def _media_at(texts: list[str], i: int, media: list[Media]) -> int:
    """Units consumed by a media item starting at i (label, description, caption), or 0."""
    text = texts[i]
    words = len(text.split())
    nxt = texts[i + 1] if i + 1 < len(texts) else None
    if words <= _LABEL_MAX_WORDS and _VIDEO_DESCRIPTION_LABEL.match(text):
        kind = "audio" if text.lower().startswith("audio") else "video"
        used, description = 1, None
        if nxt is not None and split_credit(nxt) is None and len(nxt.split()) <= _CAPTION_MAX_WORDS // 2:
            description, used = nxt, 2
        return used + _with_caption(texts, i + used, Media(kind=kind, description=description), media)
    if words <= _LABEL_MAX_WORDS and _SLIDESHOW_LABEL.match(text):
        description = text if words > 2 else None
        return 1 + _with_caption(texts, i + 1, Media(kind="slideshow", description=description), media)
    video = _VIDEO_LABEL.match(text) if words <= _LABEL_MAX_WORDS else None
    if video:
        label = (video.group("kind") or "video").lower()
        kind = "audio" if label in ("audio", "listen", "podcast") else "video"
        title = video.group("title")
        if title:
            parts = split_credit(title)
            caption, credit = parts if parts else (title, None)
            media.append(Media(kind=kind, caption=caption, credit=credit))
            return 1
        return 1 + _with_caption(texts, i + 1, Media(kind=kind), media)
    labelled = _SOURCE_LABEL.match(text) if words <= _LABEL_MAX_WORDS else None
    if labelled:  # "Image source, Agency" then "Image caption, ..." (a broadcaster's scrape)
        item = Media(kind="video" if labelled.group("kind").lower() == "video" else "image",
                     credit=labelled.group("credit").strip(" .") or None)
        media.append(item)
        caption = _CAPTION_LABEL.match(nxt) if nxt is not None else None
        if caption:
            item.caption = caption.group("caption")
            return 2
        return 1
    if words <= 2 and _GRAPHIC_LABEL.match(text):
        return 1 + _with_caption(texts, i + 1, Media(kind="graphic"), media)
    parts = split_credit(text)
    if parts:
        media.append(Media(kind="image", caption=parts[0], credit=parts[1]))
        return 1
    return 0


def _with_caption(texts: list[str], j: int, item: Media, media: list[Media]) -> int:
    """Attach the caption at j to a labelled item: a credited line, or a short non-prose line."""
    media.append(item)
    if j >= len(texts):
        return 0
    parts = split_credit(texts[j])
    if parts:
        item.caption, item.credit = parts
        return 1
    if len(texts[j].split()) <= 30 and not is_body_like(texts[j]) and not _UI.match(texts[j]):
        item.caption = texts[j]
        return 1
    return 0


def _link_list_end(texts: list[str], i: int) -> int:
    """The last headline of a link list under the heading at i (short lines that are not prose)."""
    end = i
    for j in range(i + 1, min(len(texts), i + 1 + _LIST_SPAN)):
        if len(texts[j].split()) > _LINK_MAX_WORDS or _TERMINAL.search(texts[j]):
            break
        end = j
    return end


def _newsletter_end(texts: list[str], i: int) -> int:
    """The last unit of a newsletter box opened at i ("Sign up to ..." ... "after newsletter promotion")."""
    for j in range(i + 1, min(len(texts), i + 1 + _NEWSLETTER_SPAN)):
        if _NEWSLETTER_END.match(texts[j]):
            return j
    return i


def is_copyright(text: str, words: int | None = None) -> bool:
    """A copyright notice: starts with ©/Copyright and has a year or "all rights reserved"."""
    words = len(text.split()) if words is None else words
    if words > 40 or _REPORTING_VERB.search(text):
        return False
    if not _COPYRIGHT.match(text) and not (words <= 25 and "©" in text[:80]):  # "The Daily © 2026. ..."
        return False
    return bool(_RIGHTS.search(text) or _YEAR.search(text))


def _contributors(text: str, words: int) -> list[Byline] | None:
    """"Associated Press writer Jane Doe in Washington contributed to this report." → [Jane Doe]."""
    if words > 50:
        return None
    match = _CONTRIBUTED.match(text)
    if not match:
        return None
    who = _CONTRIBUTOR_ROLE.sub("", match.group("who"))
    found = bylines.names_with_places(who)
    if match.group("place"):
        found = [b if b.location else Byline(name=b.name, location=match.group("place").strip()) for b in found]
    return found


def _by_position(out: Separated, clutter: list[bool], top_names: list[Byline], first_meta: int,
                 probs: list[list[float]] | None = None, guess_names: bool = True) -> None:
    """Plain text: before the first prose unit come title, bylines, dates; after the last, links."""
    prose = [i for i, text in enumerate(out.texts) if not clutter[i] and is_body_like(text)]
    if not prose:
        return
    first, last = prose[0], prose[-1]
    top = [i for i in range(first) if not clutter[i]]
    title_at = _title_index(out.texts, [i for i in top if i < first_meta])
    if title_at is not None:
        out.title = out.texts[title_at]
        if top and top[0] < title_at and _is_masthead(out.texts[top[0]]):
            out.masthead = out.texts[top[0]].strip()
    for i in top:
        clutter[i] = True
        if title_at is not None and i <= title_at:
            continue  # the masthead and menus above the headline; bylines come below it
        if out.texts[i].isupper():
            continue  # a label in capitals ("FOR IMMEDIATE RELEASE", "WORLD IN BRIEF"), not a name line
        names = _names_line(out.texts[i]) if guess_names else []  # a "By ..." line beats a guess
        if names:
            top_names.extend(names)
        elif guess_names and not top_names and (desk := bylines.meta_desk(out.texts[i])) is not None:
            top_names.append(desk)  # "June 24, 2025 | Valley correspondent, Dunmore | 3 comments"
    for i in range(last + 1, len(out.texts)):
        if not clutter[i]:
            clutter[i] = True


_MASTHEAD_SMALL = frozenset({"of", "the", "and", "de", "la", "le", "du", "des", "el", "&"})
# "BLANTYRE (Meridian Wire) -", "BAMAKO, Mali, March 12 (Sahel Wire Service) -": the wire in brackets.
_WIRE = re.compile(r"^[A-Z][A-Z .'-]{1,40}(?:,[^()\n]{1,40})?\s*\((?P<wire>[A-Z][\w.&' -]{1,40})\)\s*[-–—]")


def _is_masthead(text: str) -> bool:
    """The site's name above the headline: one to five words, each capitalised (or a small
    word such as "of"), no figure, no menu separator ("The Harbor Times", "Meridian Wire")."""
    words = text.split()
    if not 1 <= len(words) <= 5 or _MENU_SEPARATOR.search(text) or _UI.match(text):
        return False
    return all(w[:1].isupper() or w.lower() in _MASTHEAD_SMALL for w in words) and \
        not any(c.isdigit() for c in text) and words[0][:1].isupper()


def _dateline_wire(lead: str) -> str | None:
    """The wire service a dateline credits ("BLANTYRE (Meridian Wire) - ..." → "Meridian Wire")."""
    found = _WIRE.match(lead)
    return found.group("wire").strip() if found else None


def _title_index(texts: list[str], candidates: list[int]) -> int | None:
    """The headline among the lines above the byline: not the masthead, not the section menu.

    A masthead is short or in capitals ("VALLEY DISPATCH", "The Harbor Times"); a menu or
    breadcrumb has separators ("Home > World", "World | Africa") or is nothing but
    capitalised single words ("World Africa Climate Business"). A headline has at least
    four words and some lower-case word or a figure in it; failing that, the first line
    of two words or more.
    """
    fallback = None
    for i in candidates:
        text = texts[i]
        words = text.split()
        if not 2 <= len(words) <= 30:
            continue
        fallback = i if fallback is None else fallback
        if len(words) < 4 or text.isupper() or _MENU_SEPARATOR.search(text):
            continue
        if any(w[:1].islower() or w[:1].isdigit() for w in words):
            return i
    return fallback


# A broadcaster's byline: the name, then the reporter's base and role ("Jane Doe, Greyport
# correspondent"); the base is the reporting location.
_NAME_BASE_ROLE = re.compile(r"^(?P<name>[^,|]{3,60}),\s*(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
                             r"\s+(?:correspondent|reporter)$")


def _names_line(text: str) -> list[Byline]:
    """A top line that is nothing but names and places: "Jane Doe in Kyiv and John Roe"."""
    if len(text.split()) > 20 or _TERMINAL.search(text) or text.count("|") >= 3:
        return []  # (three bars or more: a section menu, "Jogja Raya | Sleman | Bantul | ...")
    based = _NAME_BASE_ROLE.match(text.strip())
    if based and (name := bylines.clean_name(based.group("name"))) is not None \
            and not bylines.NOT_A_NAME.search(based.group("place")):
        return [Byline(name=name, location=based.group("place"))]
    words = re.sub(r"[,;&|]|\s[-–—]\s", " ", text).split()  # "Jane Doe | Correspondent | Greyport", "Jane Doe - Greyport"
    if not all(w[:1].isupper() or w in _NAME_LINE_GLUE for w in words):
        return []
    return bylines.names_with_places(text)


def _published(dates: list[tuple[str | None, str]]) -> str | None:
    """A "published" date wins over "updated"; otherwise the earliest date line."""
    for label, value in dates:
        if label in ("published", "posted"):
            return value
    values = [value for label, value in dates if label is None] or [value for _label, value in dates]
    return min(values) if values else None
