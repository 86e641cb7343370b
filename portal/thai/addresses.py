"""Province › district › sub-district, from the geothai package's official codes."""

import geothai
from django.utils import translation


def _name(area):
    return area.name_en if translation.get_language() == "en" else area.name_th


def province_choices():
    return sorted(((p.code, _name(p)) for p in geothai.provinces()), key=lambda choice: choice[1])


def district_choices(province_code):
    if not province_code or not geothai.province(str(province_code)):
        return []
    return sorted(((d.code, _name(d)) for d in geothai.districts(str(province_code))), key=lambda c: c[1])


def subdistrict_choices(district_code):
    if not district_code or not geothai.district(str(district_code)):
        return []
    return sorted(((s.code, _name(s)) for s in geothai.subdistricts(str(district_code))), key=lambda c: c[1])


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
