"""The apparatus: the note on the text and the textual notes, generated from an essay's recorded interventions."""

from __future__ import annotations

import panflute as pf

from ..witness.model import Draft, Intervention, shown
from ..witness.typography import RULES, summary
from ..doc.inlines import words


def _where(iv: Intervention, numbers: dict[str, int], after: str = "") -> list[pf.Inline]:
    """Where an intervention is: `¶ 12`, `note 3`, `title`; for markup dropped between paragraphs, `after ¶ 12`
    (or `before ¶ 1`, pointing at the essay `after` names)."""
    n = numbers.get(iv.block)
    label = f"¶ {n}" if n else ("note " + iv.block.rsplit("-", 1)[-1] if "-note-" in iv.block else "title")
    if after:
        label = f"after ¶ {n}" if n else "before ¶ 1"
        return [pf.Link(pf.Str(label), url=f"#{iv.block or after}"), pf.Str(f"/{iv.line}:")]
    return [pf.Link(pf.Str(label), url=f"#{iv.block}"), pf.Str(f"/{iv.line}:")]


def _entry(essay: str, ref: int, iv: Intervention, numbers: dict[str, int], after: bool = False) -> pf.Plain:
    """`¶ 12/186: with Trot ] withTrot  OCR: missing space`, as scholarly apparatuses print it; markup not
    printed reads `om.` (omitted) where nothing of it is."""
    lemma = pf.Span(*(words(iv.edition) if iv.edition or iv.kind != "drop" else [pf.Emph(pf.Str("om."))]),
                    classes=["lemma"])
    if iv.kind == "emendation":  # the lemma links to the emended word in the text
        lemma = pf.Link(lemma, url=f"#{essay}-em-{ref}")
    inl = [*_where(iv, numbers, essay if after else ""), pf.Space(), lemma, pf.Space(), pf.Str("]"), pf.Space(),
           pf.Span(*words(iv.witness.replace("\n", "⏎")), classes=["witness-reading"])]
    if iv.reason:
        inl += [pf.Space(), pf.Emph(*words(iv.reason))]
    return pf.Plain(pf.Span(*inl, identifier=f"{essay}-app-{ref}"))


def headnote(draft: Draft) -> pf.Div:
    """'Note on the text': the witness, its source, what is missing and what the edition supplied or changed."""
    cfg = draft.essay.settings
    src = cfg.source
    counts = {}
    for iv in draft.interventions:
        key = iv.kind if iv.kind != "hyphenation" else ("hyphen joined" if iv.reason.startswith("join") else "hyphen kept")
        counts[key] = counts.get(key, 0) + 1
    parts = [f"Witness: {shown(draft.file)}."]
    if src.note:
        parts.append(src.note)
    if src.retrieved:
        parts.append(f"Retrieved {src.retrieved}" + (f" from {src.site}" if src.site else "") + ".")
    if draft.meta.get("source") and not src.retrieved:
        parts.append(f"Source: {draft.meta['source']}.")
    blocks = [pf.Para(*words(" ".join(parts)))]
    for k, text in cfg.supplied.items():
        blocks.append(pf.Para(*words(f"Supplied ({k}): {text}")))
    summary = []
    if counts.get("reorder"):
        summary.append(f"the witness's {counts['reorder']} page blocks are printed in the declared reading order")
    if counts.get("emendation"):
        summary.append(f"{counts['emendation']} emendations")
    if counts.get("hyphen joined") or counts.get("hyphen kept"):
        summary.append(f"{counts.get('hyphen joined', 0)} line-end hyphens removed and "
                       f"{counts.get('hyphen kept', 0)} kept")
    if counts.get("drop"):
        summary.append(f"{counts['drop']} pieces of the witness’s markup not printed, as declared")
    if counts.get("normalisation"):
        summary.append(f"{counts['normalisation']} typewriter characters set as the typesetter’s (dashes, "
                       "quotation marks, ellipses), by declared rules")
    if summary:
        blocks.append(pf.Para(*words("Interventions: " + "; ".join(summary) +
                                      ". Each is listed in the textual notes at the end of the book; "
                                      "emended words are marked in the text.")))
    return pf.Div(pf.Header(*words("Note on the text"), level=3, classes=["unnumbered", "unlisted"],
                            identifier=f"{draft.id}-note-on-text"),
                  *blocks, identifier=f"{draft.id}-headnote", classes=["headnote"])


def textual_notes(draft: Draft, title: str) -> pf.Div:
    """The apparatus of one essay: emendations, end-of-line hyphenation, block order."""
    numbers = {b.id: b.number for b in draft.blocks if b.number}
    out: list[pf.Block] = [pf.Header(*words(title), level=2, identifier=f"{draft.id}-apparatus")]
    groups = [
        ("emendation", "Emendations", "¶/line: edition’s reading ] witness’s reading"),
        ("hyphenation", "End-of-line hyphenation in the witness", "¶/line: edition ] witness (| marks the line end)"),
    ]
    if any(iv.kind == "drop" for iv in draft.interventions):
        groups.append(("drop", "Markup of the witness not printed",
                       "¶/line: what the edition prints (om.: nothing) ] the witness’s markup, and why"))
    between = {s.ref for b in draft.blocks if b.kind == "dropped" for s in b.segs}  # dropped between paragraphs
    for kind, heading, legend in groups:
        items = [(i, iv) for i, iv in enumerate(draft.interventions) if iv.kind == kind]
        if not items:
            continue
        out.append(pf.Header(*words(heading), level=3, classes=["unnumbered"],
                             identifier=f"{draft.id}-apparatus-{kind}"))
        out.append(pf.Para(pf.Emph(*words(legend))))
        out.append(pf.BulletList(*[pf.ListItem(_entry(draft.id, i, iv, numbers, i in between))
                                   for i, iv in items]))
    rules = summary(draft.interventions)
    if rules:
        out.append(pf.Header(*words("Typographic normalisation"), level=3, classes=["unnumbered"],
                             identifier=f"{draft.id}-apparatus-normalisation"))
        out.append(pf.Para(pf.Emph(*words("The rules the essay’s configuration declares, each with the number of "
                                          "characters it changed (every one is recorded, with its witness "
                                          "position, in the build’s audit of interventions)"))))
        out.append(pf.BulletList(*[pf.ListItem(pf.Plain(*words(
            f"{RULES[rule][1]}: {count} ({', '.join(pairs)})"))) for rule, count, pairs in rules]))
    order = [iv for iv in draft.interventions if iv.kind == "reorder"]
    if order:
        out.append(pf.Header(*words("Order of the witness’s page blocks"), level=3, classes=["unnumbered"],
                             identifier=f"{draft.id}-apparatus-order"))
        out.append(pf.OrderedList(*[pf.ListItem(pf.Plain(*words(
            f"witness {iv.witness}" + (f" ({iv.reason})" if iv.reason else "")))) for iv in order]))
    return pf.Div(*out, identifier=f"{draft.id}-textual-notes", classes=["apparatus"])
