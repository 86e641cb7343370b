"""Thai dictionary order: leading vowels (เ แ โ ใ ไ) sort by their consonant, in Python, in
PostgreSQL and on the demo's SQLite alike, and in the lists coordinators read."""

import sqlite3

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from portal.thai.addresses import province_choices
from portal.thai.collation import COLLATION, _compare, in_thai_order, sort_key

WORDS = ["อุไรวรรณ", "เชียงใหม่", "ฮ", "แพร่", "ก", "เลย", "อุทัยธานี", "ไก่", "โคราช", "ใจดี"]
IN_THAI_ORDER = ["ก", "ไก่", "โคราช", "ใจดี", "เชียงใหม่", "แพร่", "เลย", "อุทัยธานี", "อุไรวรรณ", "ฮ"]


def test_python_sorts_in_thai_dictionary_order():
    assert sorted(WORDS, key=sort_key) == IN_THAI_ORDER
    assert sorted(WORDS) != IN_THAI_ORDER  # by character code the leading vowels come last


def test_sqlite_connections_sort_by_the_same_collation():
    database = sqlite3.connect(":memory:")
    database.create_collation(COLLATION, _compare)
    database.execute("create table words (word text)")
    database.executemany("insert into words values (?)", [(word,) for word in WORDS])
    found = [row[0] for row in database.execute(f'select word from words order by word collate "{COLLATION}"')]
    assert found == IN_THAI_ORDER


@pytest.mark.django_db
def test_the_database_orders_names_in_thai(django_user_model):
    for number, word in enumerate(WORDS):
        django_user_model.objects.create(username=f"person{number}", first_name=word)
    mine = get_user_model().objects.filter(username__startswith="person")
    names = mine.order_by(*in_thai_order("first_name")).values_list("first_name", flat=True)
    assert list(names) == IN_THAI_ORDER, connection.vendor


def test_provinces_are_listed_in_thai_order():
    names = [name for _code, name in province_choices()]
    assert names.index("เชียงใหม่") < names.index("แพร่") < names.index("เลย") < names.index("อุทัยธานี")
    assert names.index("ลำพูน") < names.index("เลย")
