"""Romanised references with their own script: a name or a title followed by its Chinese, Japanese or Korean
characters ("Sima Qian 司馬遷, *Shiji* 史記 (Beijing: Zhonghua shuju, 1982)").

The characters after a name mark it as written family name first (``people.biblatex``); those after a title
are its ``titleaddon``, and the title keeps the case it is written in, with a ``langid`` that tells citeproc
so.
"""

from __future__ import annotations

import re

from ..text import GLOSS, NAME_GLOSS, words
from . import values
from .work import Work

_NAME = r"[A-Z][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ’'\-]*"
_ANYWHERE = re.compile(rf"(?<![\w’'\-]){_NAME}(?:\s+{_NAME}){{1,2}}\s+{NAME_GLOSS}")
# a name with its characters, then the comma before a title (not "And グローバル・ヒストリ*Title*": a title's)
_BEFORE = re.compile(rf"(?<![\w’'\-])(?!(?:And|Or|But|See|In|The|Also|For|With)\b)(?:{_NAME}\s+){{0,2}}{_NAME}\s*"
                     rf"{NAME_GLOSS},\s*$")
_AFTER = re.compile(rf"[ \t]*(?P<gloss>(?>{GLOSS}))(?=\s*[,(\[:;*“\"]|\s+(?:eds?|trans|comp)\.|\s*$)")
_INSIDE = re.compile(rf"\s*(?P<gloss>(?>{GLOSS}))[,.]?\s*$")
# English words in a title: the characters at its end are then a work it names ("A Study of Ennin's ... Kōki
# 入唐求法巡禮行記"), not the title itself in its own script.
_ENGLISH = frozenset("a an the of and in on for to with from study studies".split())


def names(text: str) -> list[str]:
    """Every name a text writes with its characters, in its prose too ("started by Xu Song 徐松 (1781--1848)")."""
    return [m.group() for m in _ANYWHERE.finditer(text)]


def name_before(text: str) -> str:
    """The name with its characters that ends ``text`` ("remains Shi Nianhai 史念海, " before a title), or ""."""
    m = _BEFORE.search(text)
    return m.group() if m else ""


def title_gloss(title: str, rest: str, italic: bool) -> tuple[str, str, str]:
    """(title, what follows it, the title's characters): the characters after the title ("*Shiji* 史記"), or at
    the end of a quoted title that is not English ("“*Chang'an tubei* xinkao 長安圖碑新考,”")."""
    after = _AFTER.match(rest)
    if after:
        return title, rest[after.end():], after.group("gloss")
    english = _ENGLISH & {w.strip(",.:;*").lower() for w in title.split()}
    inside = None if italic or english else _INSIDE.search(title)
    return (title[:inside.start()], rest, inside.group("gloss")) if inside else (title, rest, "")


def mark(works: list[Work], title: str, gloss: str) -> None:
    """The work ``title`` names: its title as written (a Chinese or Japanese title is not set in headline style),
    the characters as its ``titleaddon``, and its language by the script (kana: Japanese; hangul: Korean; else
    Chinese), so that citeproc leaves its case alone."""
    text = values.title_text(title)
    named = [w for w in works if w.fields.get("title")
             and words(text)[:len(words(w.fields["title"]))] == words(w.fields["title"])]
    if not named:
        return
    work = named[-1]
    work.fields["title"], subtitle = values.split_title(text)
    work.fields.pop("subtitle", None)
    work.put("subtitle", subtitle)
    work.put("titleaddon", gloss)
    work.fields["langid"] = ("japanese" if re.search("[\u3040-\u30ff]", gloss)
                             else "korean" if re.search("[\uac00-\ud7af]", gloss) else "chinese")
