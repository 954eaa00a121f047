"""Bad demo data: a clear Persian error and nothing written (in its own module: it needs an empty database)."""

import json

import pytest

from mahalleh.agencies.models import Agency
from mahalleh.core.models import AuditEntry
from mahalleh.demo import loader
from mahalleh.demo.loader import DemoDataError, load_demo
from mahalleh.places.models import Province


def test_bad_data_raises_a_persian_error_and_writes_nothing(db, tmp_path, monkeypatch):
    bad = json.loads(loader.BODIES_FILE.read_text(encoding="utf-8"))
    bad[0]["members"].append("اداره کل ناموجود")
    path = tmp_path / "bodies.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(loader, "BODIES_FILE", path)
    with pytest.raises(DemoDataError, match="اداره کل ناموجود"):
        load_demo(with_meetings=False)
    assert Province.objects.count() == Agency.objects.count() == AuditEntry.objects.count() == 0


def test_broken_json_names_the_file(db, tmp_path, monkeypatch):
    path = tmp_path / "axes.json"
    path.write_text("[{", encoding="utf-8")
    monkeypatch.setattr(loader, "AXES_FILE", path)
    with pytest.raises(DemoDataError, match=r"axes\.json JSON معتبر نیست"):
        load_demo(with_meetings=False)
    assert AuditEntry.objects.count() == 0
