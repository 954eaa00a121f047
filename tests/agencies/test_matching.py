"""The agency matcher against every agency name the five seed minutes write, on the demo registry."""

import pytest
from django.db import transaction

from mahalleh.agencies import matching
from mahalleh.agencies.matching import AgencyMatch, match_agencies, match_one
from mahalleh.agencies.models import Agency, AgencyAlias
from mahalleh.demo.loader import load_demo
from mahalleh.meetings.models import Body
from mahalleh.places.models import Province

GOVERNORATES = [
    f"فرمانداری شهرستان {c}" for c in ("کرج", "فردیس", "نظرآباد", "ساوجبلاغ", "اشتهارد", "طالقان", "چهارباغ")
]
MUNICIPALITIES = [
    f"شهرداری {c}"
    for c in ("کرج", "فردیس", "نظرآباد", "هشتگرد", "اشتهارد", "طالقان", "چهارباغ", "محمدشهر", "ماهدشت")
]
SPORTS = "اداره کل ورزش و جوانان استان البرز"
EDUCATION = "اداره کل آموزش و پرورش استان البرز"
LABOUR = "اداره کل تعاون، کار و رفاه اجتماعی استان البرز"
KOMITEH = "کمیته امداد امام خمینی (ره) استان البرز"
IMAM_HQ = "ستاد اجرایی فرمان حضرت امام (ره) استان البرز"
EXECUTIVE = "<all executive agencies>"  # checked by membership below, the list is long

# written (as in the seeds) -> canonical names, in order. Resolution cells first, then prose.
ALBORZ_TABLE: list[tuple[str, list[str]]] = [
    # seed 000
    ("فرمانداران محترم", GOVERNORATES),
    ("کلیه دستگاه های اجرایی استان", [EXECUTIVE]),
    ("وزارت کشور", ["وزارت کشور"]),
    ("ستاد توانمند سازی محلات کشور", ["ستاد ملی توانمندسازی و تحول اجتماع‌محور محلات کم‌برخوردار"]),
    ("مشاور محترم امور اجتماعی فرهنگی", ["مشاور اجتماعی و فرهنگی استاندار"]),
    ("معاونت سیاسی، امنیتی و اجتماعی", ["معاونت سیاسی، امنیتی و اجتماعی استانداری"]),
    ("اداره کل امور اجتماعی و فرهنگی", ["اداره کل امور اجتماعی و فرهنگی استانداری"]),
    # seed 001, resolutions
    ("فرمانداران محترم تابعه و شهرداری کرج و فردیس", [*GOVERNORATES, "شهرداری کرج", "شهرداری فردیس"]),
    ("فرمانداران محترم تابعه", GOVERNORATES),
    ("فرمانداران محترم تابعه و اداره کل ورزش و جوانان و شهرداریها", [*GOVERNORATES, SPORTS, *MUNICIPALITIES]),
    ("فرمانداران محترم تابعه و اداره کل آموزش و پرورش", [*GOVERNORATES, EDUCATION]),
    ("تمامی دستگاههای اجرایی استان", [EXECUTIVE]),
    ("فرمانداران محترم تابعه و نیروی انتظامی", [*GOVERNORATES, "فرماندهی انتظامی استان البرز"]),
    ("دبیرخانه قرارگاه اجتماعی", ["دبیرخانه قرارگاه اجتماعی استان"]),
    ("اداره کل بیمه سلامت استان", ["اداره کل بیمه سلامت استان البرز"]),
    ("اداره کل بانوان و خانواده استانداری", ["اداره کل امور بانوان و خانواده استانداری"]),
    ("مدیران دستگاهها", [EXECUTIVE]),
    (
        "فرمانداری شهرستان کرج و شهرداری های ( کرج و فردیس )",
        ["فرمانداری شهرستان کرج", "شهرداری کرج", "شهرداری فردیس"],
    ),
    ("اداره کل امور بانوان و خانواده استانداری", ["اداره کل امور بانوان و خانواده استانداری"]),
    # seed 001, agenda and narrative
    (
        "سازمان بهزیستی، هلال احمر ، کمیته امداد، شهرداری ها، سازمان اوقاف و امور خیریه ، ورزش و جوانان و ...",
        [
            "اداره کل بهزیستی استان البرز",
            "جمعیت هلال احمر استان البرز",
            KOMITEH,
            *MUNICIPALITIES,
            "سازمان اوقاف و امور خیریه استان البرز",
            SPORTS,
        ],
    ),
    ("دفتر اجتماعی و فرهنگی", ["اداره کل امور اجتماعی و فرهنگی استانداری"]),
    ("گروههای جهادی استان", ["گروه‌های جهادی استان البرز"]),
    ("معاونت های سپاه استان", ["سپاه امام حسن مجتبی (ع) استان البرز"]),
    ("معاونت محترم توسعه مدیریت و منابع", ["معاونت توسعه مدیریت و منابع استانداری"]),
    ("اداره کل ورزش و جوانان استان", [SPORTS]),
    ("فرمانداری شهرستان کرج", ["فرمانداری شهرستان کرج"]),
    ("ستاد اجرایی فرمان امام (ره)", [IMAM_HQ]),
    ("نیروی انتظامی", ["فرماندهی انتظامی استان البرز"]),
    ("خیرین امنیت ساز", ["خیرین امنیت‌ساز استان البرز"]),
    ("اداره کار استان", [LABOUR]),
    ("بیمه سلامت استان", ["اداره کل بیمه سلامت استان البرز"]),
    # seed 001, the 21 absentees
    ("حفظ آثار و نشر ارزشهای اسلامی", ["اداره کل حفظ آثار و نشر ارزش‌های دفاع مقدس استان البرز"]),
    ("اداره کل اطلاعات", ["اداره کل اطلاعات استان البرز"]),
    ("فرمانداری نظرآباد", ["فرمانداری شهرستان نظرآباد"]),
    ("سازمان مدیریت و برنامه ریزی", ["سازمان مدیریت و برنامه‌ریزی استان البرز"]),
    ("اداره کل امور روستایی و امور شوراها", ["اداره کل امور روستایی و شوراهای استانداری"]),
    ("بنیاد برکت", ["بنیاد برکت"]),
    ("کمیته امداد امام خمینی (ره)", [KOMITEH]),
    ("سازمان تبلیغات اسلامی", ["اداره کل تبلیغات اسلامی استان البرز"]),
    ("ستاد امر به معروف و نهی از منکر", ["ستاد امر به معروف و نهی از منکر استان البرز"]),
    ("اداره کل ورزش و جوانان", [SPORTS]),
    ("صدا و سیما", ["صدا و سیمای مرکز البرز"]),
    ("اداره کل فرهنگ و ارشاد اسلامی", ["اداره کل فرهنگ و ارشاد اسلامی استان البرز"]),
    ("اداره کل آموزش و پرورش", [EDUCATION]),
    ("میراث فرهنگی و صنایع دستی و گردشگری", ["اداره کل میراث فرهنگی، گردشگری و صنایع دستی استان البرز"]),
    ("بنیاد شهید و امور ایثارگران", ["بنیاد شهید و امور ایثارگران استان البرز"]),
    ("اداره کل استاندارد و تحقیقات صنعتی", ["اداره کل استاندارد استان البرز"]),
    ("حوزه هنری", ["حوزه هنری استان البرز"]),
    ("خانه مطبوعات", ["خانه مطبوعات استان البرز"]),
    ("بنیاد مسکن انقلاب اسلامی", ["بنیاد مسکن انقلاب اسلامی استان البرز"]),
    ("جبهه فرهنگی خاتم الاوصیا", ["جبهه فرهنگی خاتم‌الاوصیا"]),
    ("هیات رزمندگان اسلام", ["هیئت رزمندگان اسلام استان البرز"]),
    # seed 002
    ("وزارت کشور / کانون پرورش فکری", ["وزارت کشور", "کانون پرورش فکری کودکان و نوجوانان استان البرز"]),
    ("معاون سیاسی ، امنیتی و اجتماعی", ["معاونت سیاسی، امنیتی و اجتماعی استانداری"]),
    ("معاون محترم سیاسی ، امنیتی و اجتماعی استانداری", ["معاونت سیاسی، امنیتی و اجتماعی استانداری"]),
    ("دفتر امور اجتماعی", ["اداره کل امور اجتماعی و فرهنگی استانداری"]),
    ("امور اجتماعی استانداری", ["اداره کل امور اجتماعی و فرهنگی استانداری"]),
    ("سازمان اجتماعی", ["سازمان امور اجتماعی کشور"]),
    ("مرکز بزرگ اسلامی و حوزه های اسلامی", ["مرکز بزرگ اسلامی استان البرز", "حوزه علمیه استان البرز"]),
    # seed 003, agenda and narrative
    (
        "اداره کل امور شهری و شوراها (استانداری) و اداره کل حفاظت محیط زیست استان",
        ["اداره کل امور شهری و شوراهای استانداری", "اداره کل حفاظت محیط زیست استان البرز"],
    ),
    ("فرماندار ویژه شهرستان کرج", ["فرمانداری شهرستان کرج"]),
    ("مدیر کل محیط زیست استان", ["اداره کل حفاظت محیط زیست استان البرز"]),
    ("گروه های جهادی", ["گروه‌های جهادی استان البرز"]),
    ("خیرین", ["مجمع خیرین استان البرز"]),
    # seed 003, resolutions
    ("اداره کل شهری و شوراهای استانداری", ["اداره کل امور شهری و شوراهای استانداری"]),
    (
        "معاونت هماهنگی امور عمرانی فرمانداری های تابعه استان",
        ["معاونت هماهنگی امور عمرانی استانداری", *GOVERNORATES],
    ),
    ("فرمانداری چهارباغ کلیه دستگاههای اجرایی استان", ["فرمانداری شهرستان چهارباغ", EXECUTIVE]),
    ("اداره کل تعاون ، کار و رفاه اجتماعی", [LABOUR]),
    ("فرمانداری های تابعه استان", GOVERNORATES),
    ("اداره کل کار و رفاه اجتماعی", [LABOUR]),
    ("شهرداری کرج", ["شهرداری کرج"]),
    ("اداره کل آب و فاضلاب استان", ["اداره کل آب و فاضلاب استان البرز"]),
    ("آبفای استان", ["اداره کل آب و فاضلاب استان البرز"]),
    ("مشاور اجتماعی و فرهنگی", ["مشاور اجتماعی و فرهنگی استاندار"]),
    ("معاونت محترم هماهنگی امور عمرانی استانداری", ["معاونت هماهنگی امور عمرانی استانداری"]),
    ("فرمانداری چهارباغ", ["فرمانداری شهرستان چهارباغ"]),
    (
        "گروه های جهادی ، دانشگاه علوم پزشکی، ستاد اجرایی فرمان حضرت امام (ره) و فرمانداران شهرستان ها",
        ["گروه‌های جهادی استان البرز", "دانشگاه علوم پزشکی البرز", IMAM_HQ, *GOVERNORATES],
    ),
    (
        "گروه های جهادی ، بنیاد مستضعفان ، ستاد اجرایی فرمان حضرت امام(ره) - اداره کل کار و رفاه اجتماعی",
        ["گروه‌های جهادی استان البرز", "بنیاد مستضعفان استان البرز", IMAM_HQ, LABOUR],
    ),
    ("مدیر عامل شهرک های صنعتی", ["شرکت شهرک‌های صنعتی استان البرز"]),
    ("مدیر کل آموزش و پرورش", [EDUCATION]),
    ("شهرداریها و اداره کل بهزیستی", [*MUNICIPALITIES, "اداره کل بهزیستی استان البرز"]),
]

TEHRAN_TABLE: list[tuple[str, list[str]]] = [
    ("فرمانداری شمیرانات", ["فرمانداری شهرستان شمیرانات"]),
    ("فرماندار شمیرانات", ["فرمانداری شهرستان شمیرانات"]),
    ("روابط عمومی فرمانداری شمیرانات", ["فرمانداری شهرستان شمیرانات"]),
    ("معاون سیاسی انتظامی فرمانداری شمیرانات", ["فرمانداری شهرستان شمیرانات"]),
    ("کمیته امداد امام خمینی (ره) شمیران", ["کمیته امداد امام خمینی (ره) شهرستان شمیرانات"]),
    (
        "ستاد توانمندسازی و تحول اجتماع محور محلات کمتر برخوردار کشور",
        ["ستاد ملی توانمندسازی و تحول اجتماع‌محور محلات کم‌برخوردار"],
    ),
    (
        "ستاد توانمندسازی و تحول اجتماع محور محلات کم تر برخوردار کشور",
        ["ستاد ملی توانمندسازی و تحول اجتماع‌محور محلات کم‌برخوردار"],
    ),
]


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    """The demo registry, loaded once for the module (loading takes seconds) and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(with_meetings=False)
        yield Province.objects.get(code="alborz"), Province.objects.get(code="tehran")
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_module, db):
    # No cache to clear: a test's writes renew the registry stamp, and its rollback takes that back.
    return _demo_module


def _executive(province: Province) -> set[str]:
    return set(
        Agency.objects.filter(province=province, groups__name="کلیه دستگاه های اجرایی استان").values_list(
            "name", flat=True
        )
    )


def _expected(province: Province, names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        for n in sorted(_executive(province)) if name == EXECUTIVE else [name]:
            if n not in out:
                out.append(n)
    return out


def test_every_agency_the_seeds_name_matches_the_registry(demo):
    alborz, tehran = demo
    failures = []
    for province, table in ((alborz, ALBORZ_TABLE), (tehran, TEHRAN_TABLE)):
        for written, names in table:
            matches = match_agencies(written, province=province)
            got = [m.agency_name for m in matches]
            if sorted(got) != sorted(_expected(province, names)) or any(
                m.method in ("none", "fuzzy") for m in matches
            ):
                failures.append((written, got, [m.method for m in matches]))
    assert failures == []


def test_the_absentee_list_of_seed_001_as_one_block_gives_21_agencies(demo):
    alborz, _ = demo
    start = next(i for i, (w, _n) in enumerate(ALBORZ_TABLE) if w.startswith("حفظ آثار"))
    absentees = ALBORZ_TABLE[start : start + 21]
    block = "\n".join(
        f"{n + 1:>2} {written}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        for n, (written, _names) in enumerate(absentees)
    )
    matches = match_agencies(block, province=alborz)
    assert [m.agency_name for m in matches] == [names[0] for _w, names in absentees]


def test_the_executive_group_is_provincial_offices_not_governorates(demo):
    alborz, _ = demo
    executive = _executive(alborz)
    assert {
        SPORTS,
        EDUCATION,
        KOMITEH,
        "فرماندهی انتظامی استان البرز",
        "دانشگاه علوم پزشکی البرز",
    } <= executive
    assert not executive & {*GOVERNORATES, *MUNICIPALITIES, "صدا و سیمای مرکز البرز"}


def test_a_group_returns_one_match_per_member_with_the_phrase_as_written(demo):
    alborz, _ = demo
    matches = match_agencies("فرمانداران محترم تابعه و شهرداری کرج و فردیس", province=alborz)
    groups = [m for m in matches if m.method == "group"]
    assert sorted(m.agency_name for m in groups) == sorted(GOVERNORATES)
    assert {m.written for m in groups} == {"فرمانداران محترم تابعه"}
    assert [(m.agency_name, m.method) for m in matches[-2:]] == [
        ("شهرداری کرج", "exact"),
        ("شهرداری فردیس", "exact"),
    ]
    assert matches[-1].confidence < matches[-2].confidence  # «فردیس» borrowed «شهرداری» from its neighbour


def test_names_that_contain_va_and_commas_are_not_split(demo):
    alborz, _ = demo
    for written in (
        "اداره کل ورزش و جوانان",
        "اداره کل آب و فاضلاب استان",
        "اداره کل تعاون ، کار و رفاه اجتماعی",
        "میراث فرهنگی و صنایع دستی و گردشگری",
    ):
        assert len(match_agencies(written, province=alborz)) == 1, written


def test_arabic_letters_html_and_zwnj_are_normalized(demo):
    alborz, _ = demo
    assert match_one("كميته امداد امام خميني (ره)", province=alborz).agency_name == KOMITEH
    assert match_one("اداره كل ورزش و جوانان", province=alborz).agency_name == SPORTS
    assert match_one("<b>آبفای استان</b>", province=alborz).agency_name == "اداره کل آب و فاضلاب استان البرز"
    assert match_one("شهرداری\u200cهای کرج", province=alborz).agency_name == "شهرداری کرج"
    assert match_one("  فرمانداری\n شهرستان   کرج ", province=alborz).method == "exact"


def test_a_typo_matches_fuzzily_with_lower_confidence(demo):
    alborz, _ = demo
    typo = match_one("اداره کل ورزش و جوونان", province=alborz)
    assert (typo.agency_name, typo.method) == (SPORTS, "fuzzy")
    assert 0.86 <= typo.confidence < 0.97
    inner = match_agencies("فرمانداری نظرآباد و سازمان بهزیستیی", province=alborz)
    assert [(m.agency_name, m.method) for m in inner] == [
        ("فرمانداری شهرستان نظرآباد", "alias"),
        ("اداره کل بهزیستی استان البرز", "fuzzy"),
    ]


def test_unknown_names_come_back_as_none(demo):
    alborz, _ = demo
    unknown = match_one("اداره کل راه آهن", province=alborz)
    assert (unknown.agency_id, unknown.method, unknown.confidence) == (None, "none", 0.0)
    mixed = match_agencies("شهرداری کرج و شرکت نفت", province=alborz)
    assert [(m.written, m.agency_name, m.method) for m in mixed] == [
        ("شهرداری کرج", "شهرداری کرج", "exact"),
        ("شرکت نفت", None, "none"),
    ]
    assert match_agencies("  ", province=alborz) == []


def test_body_member_phrase_is_a_marker_or_the_bodys_members(demo):
    alborz, _ = demo
    [marker] = match_agencies("ادارات عضو کارگروه", province=alborz)
    assert marker == AgencyMatch(
        "ادارات عضو کارگروه", None, None, marker.confidence, "group", body_members=True
    )
    group = Body.objects.get(province=alborz, kind=Body.Kind.WORKING_GROUP)
    members = match_agencies("ادارات عضو کارگروه", province=alborz, body_members=group.member_names)
    assert sorted(m.agency_name for m in members) == sorted(group.members.values_list("name", flat=True))
    assert EDUCATION in {m.agency_name for m in members} and all(m.method == "group" for m in members)


def test_matching_stays_within_the_province(demo):
    alborz, tehran = demo
    assert match_one("کمیته امداد", province=tehran).agency_name == "کمیته امداد امام خمینی (ره) استان تهران"
    assert match_one("کمیته امداد", province=alborz).agency_name == KOMITEH
    assert match_one("فرمانداری شمیرانات", province=alborz.pk).method == "none"


def test_an_unknown_province_is_a_clear_error(db):
    with pytest.raises(ValueError, match="استان با شناسه"):
        match_agencies("کمیته امداد", province=987654)


def test_a_new_alias_is_seen_at_once(demo):
    alborz, _ = demo
    assert match_one("ستاد خدمات سفر", province=alborz).method == "none"  # loads the registry into the cache
    AgencyAlias.objects.create(agency=Agency.objects.get(province=alborz, name=SPORTS), name="ستاد خدمات سفر")
    assert (m := match_one("ستاد خدمات سفر", province=alborz)).agency_name == SPORTS and m.method == "alias"


def test_matching_a_cell_reuses_the_cached_registry(demo, django_assert_num_queries):
    alborz, _ = demo
    match_agencies("شهرداری کرج", province=alborz)
    with django_assert_num_queries(len(ALBORZ_TABLE)):  # the registry stamp, once a cell
        for written, _names in ALBORZ_TABLE:
            match_agencies(written, province=alborz)


# ---- the registry cache across processes ----------------------------------------------------


def test_another_process_sees_an_alias_written_elsewhere(demo):
    """Each worker keeps its own registry: one that loaded before another worker added an alias must
    not keep matching without it (here the other worker's cache is the one saved before the write)."""
    alborz, _ = demo
    assert match_one("ستاد خدمات سفر", province=alborz).method == "none"
    other_worker = dict(matching._cache)
    AgencyAlias.objects.create(agency=Agency.objects.get(province=alborz, name=SPORTS), name="ستاد خدمات سفر")
    matching._cache.update(other_worker)  # the write cleared only the writer's own cache
    assert (m := match_one("ستاد خدمات سفر", province=alborz)).agency_name == SPORTS and m.method == "alias"


def test_a_registry_read_inside_a_rolled_back_write_is_not_kept(demo):
    """A registry built inside a transaction that is rolled back must not outlive it, even when a
    later commit changes the registry again (a counter would then come back to the same number)."""
    alborz, _ = demo
    sports = Agency.objects.get(province=alborz, name=SPORTS)
    assert match_one("ستاد خدمات سفر", province=alborz).method == "none"
    with pytest.raises(RuntimeError), transaction.atomic():
        AgencyAlias.objects.create(agency=sports, name="ستاد خدمات سفر")
        assert match_one("ستاد خدمات سفر", province=alborz).method == "alias"
        raise RuntimeError("rolled back")
    assert match_one("ستاد خدمات سفر", province=alborz).method == "none"
    AgencyAlias.objects.create(agency=sports, name="اداره ورزش")
    assert match_one("ستاد خدمات سفر", province=alborz).method == "none"
    assert match_one("اداره ورزش", province=alborz).agency_name == SPORTS
