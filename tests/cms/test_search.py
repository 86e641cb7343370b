"""The site search finds Thai words inside running Thai text. These tests run on PostgreSQL in
the suite, and test_search_behaves_the_same_on_sqlite runs this same file again on SQLite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]
ROOT = Path(__file__).resolve().parent.parent.parent


def _titles(response):
    return [page.title for page in response.context["results"]]


def test_a_thai_word_inside_running_text_is_found(client, make_announcement):
    make_announcement("ลงพื้นที่ชุมชน", body_text="อพม. ร่วมกิจกรรมการเยี่ยมบ้านผู้ประสบปัญหาทางสังคมในหมู่บ้าน")
    make_announcement("ประชุมประจำเดือน", body_text="สรุปการประชุมของคณะทำงาน")
    response = client.get("/search/", {"q": "เยี่ยมบ้าน"})
    assert response.status_code == 200
    assert _titles(response) == ["ลงพื้นที่ชุมชน"]
    html = response.content.decode()
    assert "<mark>เยี่ยมบ้าน</mark>" in html


def test_the_demo_announcement_is_found_by_words_from_its_text(client, demo):
    for word in ("เยี่ยมบ้าน", "ศาสตร์พระราชา", "นวัตกรสังคม"):
        response = client.get("/search/", {"q": word})
        assert "อบรมเสริมพลังเครือข่ายนวัตกรสังคมชุมชน ตำบลด่านแม่ละเมา" in _titles(response), word


def test_every_term_must_match(client, make_announcement):
    make_announcement("ข่าวหนึ่ง", body_text="จิตอาสาพัฒนาวัดและปลูกต้นไม้")
    make_announcement("ข่าวสอง", body_text="จิตอาสาทำความสะอาดถนน")
    assert _titles(client.get("/search/", {"q": "จิตอาสา พัฒนาวัด"})) == ["ข่าวหนึ่ง"]
    assert sorted(_titles(client.get("/search/", {"q": "จิตอาสา"}))) == ["ข่าวสอง", "ข่าวหนึ่ง"]


def test_title_matches_rank_first_then_frequency(client, make_announcement):
    make_announcement("รายงานกิจกรรม", body_text="อบรม อบรม อบรม ในชุมชน")
    make_announcement("อบรมอาสาสมัคร", body_text="กิจกรรมในชุมชน")
    make_announcement("ข่าวทั่วไป", body_text="มีการอบรมหนึ่งครั้ง")
    assert _titles(client.get("/search/", {"q": "อบรม"})) == ["อบรมอาสาสมัคร", "รายงานกิจกรรม", "ข่าวทั่วไป"]


def test_english_search_ignores_case_and_stays_in_its_language(client, demo):
    response = client.get("/en/search/", {"q": "HOME VISITS"})
    assert _titles(response) == ["Training a network of community social innovators in Dan Mae Lamao"]
    assert "<mark>home</mark> <mark>visits</mark>" in response.content.decode()
    assert _titles(client.get("/search/", {"q": "home visits"})) == []


def test_results_are_paginated(client, make_announcement):
    for n in range(12):
        make_announcement(f"อบรมรุ่นที่ {n}", body_text="อบรม")
    first = client.get("/search/", {"q": "อบรม"})
    assert len(first.context["results"]) == 10 and first.context["result_count"] == 12
    second = client.get("/search/", {"q": "อบรม", "page": 2})
    assert len(second.context["results"]) == 2
    assert "q=%E0%B8%AD%E0%B8%9A%E0%B8%A3%E0%B8%A1&amp;page=2" in first.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 5000},
        {"q": "ไม่มีคำนี้เลย"},
        {"q": "อบรม\x00"},
        {"q": "่"},  # a Thai tone mark alone
        {"q": "<script>alert(1)</script>"},
        {"q": "%_\\"},
        {"q": "อบรม", "page": "9999"},
        {"q": "อบรม", "page": "-1"},
        {"q": "อบรม", "page": "abc"},
    ],
)
def test_odd_queries_get_a_normal_page(client, demo, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_highlighting_escapes_html_in_titles(client, make_announcement):
    make_announcement("<b>อบรม</b> & ข่าว", body_text="อบรม")
    html = client.get("/search/", {"q": "อบรม"}).content.decode()
    assert "&lt;b&gt;<mark>อบรม</mark>&lt;/b&gt; &amp; ข่าว" in html


def test_unpublished_pages_are_not_found(client, make_announcement):
    page = make_announcement("ข่าวที่ถอนออก", body_text="เยี่ยมบ้าน")
    page.unpublish()
    assert _titles(client.get("/search/", {"q": "เยี่ยมบ้าน"})) == []


@pytest.mark.skipif("sqlite" in os.environ.get("DATABASE_URL", ""), reason="this is the SQLite run itself")
def test_search_behaves_the_same_on_sqlite(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'search.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-p", "no:cacheprovider", "-q", "-m", "sqlite_too"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "passed" in result.stdout and "failed" not in result.stdout
    assert " skipped" in result.stdout  # only this test, which does not recurse


def test_runs_on_the_configured_database():
    expected = "sqlite" if "sqlite" in os.environ.get("DATABASE_URL", "") else "postgresql"
    assert connection.vendor == expected
