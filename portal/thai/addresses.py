"""Province › district › sub-district, from the geothai package's official codes."""

import geothai
from django.utils import translation
from django.utils.translation import pgettext_lazy

from portal.thai.collation import sorted_choices


def _name(area):
    return area.name_en if translation.get_language() == "en" else area.name_th


def province_choices():
    return sorted_choices((p.code, _name(p)) for p in geothai.provinces())


def district_choices(province_code):
    if not province_code or not geothai.province(str(province_code)):
        return []
    return sorted_choices((d.code, _name(d)) for d in geothai.districts(str(province_code)))


def subdistrict_choices(district_code):
    if not district_code or not geothai.district(str(district_code)):
        return []
    return sorted_choices((s.code, _name(s)) for s in geothai.subdistricts(str(district_code)))


def area_names(province_code="", district_code="", subdistrict_code=""):
    """Names of the chosen areas in the current language, for display."""
    found = [
        geothai.province(province_code) if province_code else None,
        geothai.district(district_code) if district_code else None,
        geothai.subdistrict(subdistrict_code) if subdistrict_code else None,
    ]
    return [_name(area) for area in found if area]


def is_consistent(province_code, district_code, subdistrict_code):
    """Each chosen area lies inside the one above it."""
    district = geothai.district(district_code) if district_code else None
    subdistrict = geothai.subdistrict(subdistrict_code) if subdistrict_code else None
    if district_code and (not district or district.province_code != province_code):
        return False
    return not (subdistrict_code and (not subdistrict or subdistrict.district_code != district_code))


BANGKOK = "10"
# How a Thai address names each level: ต. อ. จ., and in Bangkok แขวง and เขต with the city's name alone.
_LABELS = {
    "subdistrict": pgettext_lazy("address", "Sub-district %(name)s"),
    "district": pgettext_lazy("address", "District %(name)s"),
    "province": pgettext_lazy("address", "Province %(name)s"),
    "khwaeng": pgettext_lazy("address", "Khwaeng %(name)s"),
    "khet": pgettext_lazy("address", "Khet %(name)s"),
}


def area_line(province_code="", district_code="", subdistrict_code=""):
    """The chosen areas as an address writes them, the smallest first: "ต.แม่สอด อ.แม่สอด จ.ตาก"."""
    province, district, subdistrict = (str(code or "") for code in (province_code, district_code, subdistrict_code))
    in_bangkok = province == BANGKOK
    levels = [
        (geothai.subdistrict(subdistrict) if subdistrict else None, "khwaeng" if in_bangkok else "subdistrict"),
        (geothai.district(district) if district else None, "khet" if in_bangkok else "district"),
        (geothai.province(province) if province else None, None if in_bangkok else "province"),
    ]
    return " ".join(_labelled(area, label) for area, label in levels if area)


def _labelled(area, label):
    name = _name(area)
    # Bangkok's districts are named with their เขต already: "เขตพระนคร".
    if label is None or (label == "khet" and area.name_th.startswith("เขต") and name == area.name_th):
        return name
    return str(_LABELS[label] % {"name": name})
