"""A Thai font rebuilt so that a PDF's text layer reads back as the Thai that was drawn.

WeasyPrint writes the text layer as one ToUnicode entry per glyph. The first time it draws a glyph, it
gives the glyph the text of its cluster (the last glyph of a cluster gets all of it, the glyphs before
it get nothing), and that entry then holds for every place the glyph is drawn in the document.

HarfBuzz draws SARA AM (ำ) as two glyphs, NIKHAHIT then SARA AA, in one cluster, and moves a tone mark
before it in between, where Sarabun joins NIKHAHIT and the tone mark into one glyph: น้ำ is drawn as
น, [NIKHAHIT+MAI THO, SARA AA] with the cluster's text "้ำ". Those are the very glyphs a NIKHAHIT, a
SARA AA or the ligature has anywhere else, so whichever comes first decides what the others read as:
after ตำบล every า reads "ำ" (ลำยมือชื่อ, อำสำสมัคร), and the tone mark inside น้ำ reads as nothing.

So every glyph that starts a SARA AM cluster gets a copy of its own (mapped to nothing), and SARA AA
gets one copy per tone mark that can come before it (mapped to "ำ", "่ำ", "้ำ", ...). A copy has the
original's outline, advance and classes, and the original's place in every positioning lookup, so the
printed page does not change by a pixel. One substitution lookup, run after all of the font's own
composition (ccmp) lookups, puts the copies in where the cluster is a SARA AM: a NIKHAHIT glyph right
before a SARA AA, and the SARA AA right after it.
"""

import copy
import io

from fontTools.otlLib.builder import buildCoverage, buildLookup, buildSingleSubstSubtable
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

# Part of the name of the built file: change it whenever build() makes a different font.
REVISION = "1"
NIKHAHIT, SARA_AA = 0x0E4D, 0x0E32
TONE_MARKS = (0x0E48, 0x0E49, 0x0E4A, 0x0E4B)
EXTENSION, POSITIONING_EXTENSION = 7, 9
# The positioning subtables a copy takes its original's place in: (coverage, array, records) of each
# side. A copied glyph found in any other kind of positioning subtable stops the build.
MARK_ATTACHMENTS = {
    "MarkBasePos": [("MarkCoverage", "MarkArray", "MarkRecord"), ("BaseCoverage", "BaseArray", "BaseRecord")],
    "MarkMarkPos": [("Mark1Coverage", "Mark1Array", "MarkRecord"), ("Mark2Coverage", "Mark2Array", "Mark2Record")],
}


class UnsupportedFont(Exception):
    """The font does something this build does not know how to carry over to a copied glyph."""


def build(source):
    """The font file at `source`, rebuilt; returns the bytes of the new TrueType font."""
    font = TTFont(source)
    gsub = font["GSUB"].table
    leaders, sara_aas = _sara_am_glyphs(font, gsub)
    copies = {}  # original -> [(copy, text the copy stands for)]
    for leader in sorted(leaders, key=font.getGlyphID):
        copies.setdefault(leader, []).append((f"{leader}.am", ""))
    tones = sorted(set(leaders.values()))
    for sara_aa in sorted(sara_aas, key=font.getGlyphID):
        for tone in tones:
            suffix = f"{ord(tone):04X}" if tone else ""
            copies.setdefault(sara_aa, []).append((f"{sara_aa}.am{suffix}", tone + "ำ"))
    _add_glyphs(font, copies)
    _add_substitutions(font, gsub, leaders, sara_aas, tones)
    _copy_positioning(font, copies)
    if "DSIG" in font:
        del font["DSIG"]  # the signature of the original no longer holds
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def _sara_am_glyphs(font, gsub):
    """The glyphs that can start a SARA AM cluster, each with the tone mark it carries ("" for none),
    and the glyphs its SARA AA can be drawn with."""
    cmap = font.getBestCmap()
    single = _single_substitutions(gsub)
    nikhahits = _variants({cmap[NIKHAHIT]}, single)
    tone_glyphs = {glyph: chr(mark) for mark in TONE_MARKS for glyph in _variants({cmap[mark]}, single)}
    leaders = dict.fromkeys(nikhahits, "")
    for ligature, components in _ligatures(gsub):
        marks = [tone_glyphs[glyph] for glyph in components if glyph in tone_glyphs]
        others = [glyph for glyph in components if glyph not in tone_glyphs]
        if len(marks) == 1 and len(others) == 1 and others[0] in nikhahits:
            for glyph in _variants({ligature}, single):
                leaders[glyph] = marks[0]
    return leaders, _variants({cmap[SARA_AA]}, single)


def _subtables(table, extension_type):
    for lookup in table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            yield subtable.ExtSubTable if lookup.LookupType == extension_type else subtable


def _single_substitutions(gsub):
    pairs = {}
    for subtable in _subtables(gsub, EXTENSION):
        if isinstance(subtable, otTables.SingleSubst):
            for original, substitute in subtable.mapping.items():
                pairs.setdefault(original, set()).add(substitute)
    return pairs


def _variants(glyphs, single):
    """The glyphs and every glyph single substitutions can make of them."""
    found, todo = set(glyphs), list(glyphs)
    while todo:
        for substitute in single.get(todo.pop(), ()):
            if substitute not in found:
                found.add(substitute)
                todo.append(substitute)
    return found


def _ligatures(gsub):
    for subtable in _subtables(gsub, EXTENSION):
        if isinstance(subtable, otTables.LigatureSubst):
            for first, ligatures in subtable.ligatures.items():
                for ligature in ligatures:
                    yield ligature.LigGlyph, [first, *ligature.Component]


def _add_glyphs(font, copies):
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = list(font.getGlyphOrder())
    for original, made in copies.items():
        for name, _text in made:
            order.append(name)
            glyf.glyphs[name] = copy.deepcopy(glyf[original])
            hmtx.metrics[name] = hmtx.metrics[original]
    font.setGlyphOrder(order)
    glyf.setGlyphOrder(order)


def _coverage(font, glyphs):
    return buildCoverage(sorted(glyphs, key=font.getGlyphID), font.getReverseGlyphMap())


def _add_substitutions(font, gsub, leaders, sara_aas, tones):
    lookups = gsub.LookupList.Lookup
    composition = [record.Feature for record in gsub.FeatureList.FeatureRecord if record.FeatureTag == "ccmp"]
    if not composition:
        raise UnsupportedFont("the font has no ccmp feature to add the SARA AM lookup to")

    def substitution(mapping):
        lookups.append(buildLookup([buildSingleSubstSubtable(mapping)]))
        return len(lookups) - 1

    rules = [_rule(font, [], leaders, [sara_aas], substitution({glyph: f"{glyph}.am" for glyph in leaders}))]
    for tone in tones:
        suffix = f"{ord(tone):04X}" if tone else ""
        after = {f"{glyph}.am" for glyph, carried in leaders.items() if carried == tone}
        copies = substitution({glyph: f"{glyph}.am{suffix}" for glyph in sara_aas})
        rules.append(_rule(font, [after], sara_aas, [], copies))
    lookups.append(buildLookup(rules))
    gsub.LookupList.LookupCount = len(lookups)
    for feature in composition:
        feature.LookupListIndex.append(len(lookups) - 1)
        feature.LookupCount = len(feature.LookupListIndex)


def _rule(font, backtrack, glyphs, lookahead, lookup_index):
    """A chained context substitution: `glyphs`, between `backtrack` and `lookahead`, through the
    single substitution lookup `lookup_index`."""
    rule = otTables.ChainContextSubst()
    rule.Format = 3
    rule.BacktrackCoverage = [_coverage(font, context) for context in backtrack]
    rule.InputCoverage = [_coverage(font, glyphs)]
    rule.LookAheadCoverage = [_coverage(font, context) for context in lookahead]
    rule.BacktrackGlyphCount, rule.InputGlyphCount = len(rule.BacktrackCoverage), 1
    rule.LookAheadGlyphCount = len(rule.LookAheadCoverage)
    record = otTables.SubstLookupRecord()
    record.SequenceIndex, record.LookupListIndex = 0, lookup_index
    rule.SubstLookupRecord, rule.SubstCount = [record], 1
    return rule


def _copy_positioning(font, copies):
    """Each copy gets the classes of its original and its place in the mark positioning lookups."""
    names = {original: [name for name, _ in made] for original, made in copies.items()}
    gdef = font["GDEF"].table
    for class_def in (gdef.GlyphClassDef, gdef.MarkAttachClassDef):
        for original in [glyph for glyph in class_def.classDefs if glyph in names]:
            class_def.classDefs.update(dict.fromkeys(names[original], class_def.classDefs[original]))
    if getattr(gdef, "MarkGlyphSetsDef", None):
        raise UnsupportedFont("mark filtering sets would need the copies too")
    for subtable in _subtables(font["GPOS"].table, POSITIONING_EXTENSION):
        kind = type(subtable).__name__
        if kind in MARK_ATTACHMENTS:
            for coverage, array, records in MARK_ATTACHMENTS[kind]:
                _extend(font, getattr(subtable, coverage), getattr(getattr(subtable, array), records), names)
        elif any(glyph in names for coverage in _coverages(subtable) for glyph in coverage.glyphs):
            raise UnsupportedFont(f"a {kind} positioning lookup places a glyph this build copies")


def _coverages(subtable):
    return [value for value in vars(subtable).values() if isinstance(value, otTables.Coverage)]


def _extend(font, coverage, records, names):
    """Add the copies of the glyphs in `coverage` to it, each with a copy of its original's record in
    `records`, the list that runs beside the coverage."""
    pairs = list(zip(coverage.glyphs, records))
    pairs += [(name, copy.deepcopy(record)) for glyph, record in pairs for name in names.get(glyph, ())]
    pairs.sort(key=lambda pair: font.getGlyphID(pair[0]))
    coverage.glyphs[:], records[:] = [glyph for glyph, _ in pairs], [record for _, record in pairs]
