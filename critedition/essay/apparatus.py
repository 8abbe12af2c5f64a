"""The apparatus: the note on the text and the textual notes, generated from an essay's recorded interventions."""

from __future__ import annotations

import panflute as pf

from ..witness.model import Draft, Intervention
from ..doc.inlines import words


def _where(iv: Intervention, numbers: dict[str, int]) -> list[pf.Inline]:
    n = numbers.get(iv.block)
    label = f"¶ {n}" if n else ("note " + iv.block.rsplit("-", 1)[-1] if "-note-" in iv.block else "title")
    return [pf.Link(pf.Str(label), url=f"#{iv.block}"), pf.Str(f"/{iv.line}:")]


def _entry(essay: str, ref: int, iv: Intervention, numbers: dict[str, int]) -> pf.Plain:
    """`¶ 12/186: with Trot ] withTrot  OCR: missing space`, as scholarly apparatuses print it."""
    lemma = pf.Span(*words(iv.edition), classes=["lemma"])
    if iv.kind == "emendation":  # the lemma links to the emended word in the text
        lemma = pf.Link(lemma, url=f"#{essay}-em-{ref}")
    inl = [*_where(iv, numbers), pf.Space(), lemma, pf.Space(), pf.Str("]"), pf.Space(),
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
    parts = [f"Witness: {draft.file}."]
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
    for kind, heading, legend in groups:
        items = [(i, iv) for i, iv in enumerate(draft.interventions) if iv.kind == kind]
        if not items:
            continue
        out.append(pf.Header(*words(heading), level=3, classes=["unnumbered"],
                             identifier=f"{draft.id}-apparatus-{kind}"))
        out.append(pf.Para(pf.Emph(*words(legend))))
        out.append(pf.BulletList(*[pf.ListItem(_entry(draft.id, i, iv, numbers)) for i, iv in items]))
    order = [iv for iv in draft.interventions if iv.kind == "reorder"]
    if order:
        out.append(pf.Header(*words("Order of the witness’s page blocks"), level=3, classes=["unnumbered"],
                             identifier=f"{draft.id}-apparatus-order"))
        out.append(pf.OrderedList(*[pf.ListItem(pf.Plain(*words(
            f"witness {iv.witness}" + (f" ({iv.reason})" if iv.reason else "")))) for iv in order]))
    return pf.Div(*out, identifier=f"{draft.id}-textual-notes", classes=["apparatus"])
