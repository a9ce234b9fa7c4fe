"""The parsed-data cache behind pack and policy loading: the TOML file stays the source of truth."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from rules import datafile
from rules.data import PACKS_DIR, POLICIES_DIR, _parse_pack, _parse_policy, load_pack, load_policy
from rules.verdict import DataError


@pytest.fixture
def writing(monkeypatch):
    """Let the cache be written (this sandbox sets PYTHONDONTWRITEBYTECODE, as -B would)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _no_toml(monkeypatch):
    """Make any TOML parse fail, to prove a load came from the cache."""
    import tomllib

    def refuse(*a, **k):
        raise AssertionError("tomllib was called")

    monkeypatch.setattr(tomllib, "load", refuse)


@pytest.mark.parametrize(("src", "parse", "load", "pid"), [
    (PACKS_DIR / "llama-2.toml", _parse_pack, load_pack, "llama-2"),
    (PACKS_DIR / "llama-4.toml", _parse_pack, load_pack, "llama-4"),
    (POLICIES_DIR / "guide.toml", _parse_policy, load_policy, "guide"),
])
def test_cached_load_equals_a_fresh_parse(tmp_path, monkeypatch, writing, src, parse, load, pid):
    path = tmp_path / src.name
    shutil.copy(src, path)
    shipped = load(pid)
    first = parse(str(path), pid)
    cache = datafile._cache_path(str(path))
    assert os.path.isfile(cache)
    _no_toml(monkeypatch)
    second = parse(str(path), pid)
    assert second == first == shipped
    assert repr(second) == repr(shipped)


def test_pack_dates_survive_the_cache(tmp_path, monkeypatch, writing):
    path = tmp_path / "llama-3.1.toml"
    shutil.copy(PACKS_DIR / "llama-3.1.toml", path)
    _parse_pack(str(path), "llama-3.1")
    _no_toml(monkeypatch)
    pack = _parse_pack(str(path), "llama-3.1")
    assert str(pack.release_date) == "2024-07-23" and pack.release_date.year == 2024


@pytest.mark.parametrize(("old", "new", "check"), [
    ('short_name = "Llama 2"', 'short_name = "Llama Two"', lambda p: p.short_name == "Llama Two"),
    ("release_date = 2023-07-18", "release_date = 2023-07-19", lambda p: str(p.release_date) == "2023-07-19"),
])
def test_an_edited_file_is_read_again(tmp_path, writing, old, new, check):
    path = tmp_path / "llama-2.toml"
    shutil.copy(PACKS_DIR / "llama-2.toml", path)
    _parse_pack(str(path), "llama-2")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a new mtime even on a coarse clock
    assert check(_parse_pack(str(path), "llama-2"))


def test_a_broken_file_is_still_an_error_after_being_cached(tmp_path, writing):
    path = tmp_path / "llama-2.toml"
    shutil.copy(PACKS_DIR / "llama-2.toml", path)
    _parse_pack(str(path), "llama-2")
    text = path.read_text(encoding="utf-8").replace("threshold = 700_000_000", "threshold = true", 1)
    path.write_text(text + "\n", encoding="utf-8")  # other size: stale cache
    with pytest.raises(DataError, match="'threshold' must be int"):
        _parse_pack(str(path), "llama-2")


@pytest.mark.parametrize("garbage", [b"", b"not marshal at all", b"\xe9\x00\x01"])
def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path, writing, garbage):
    path = tmp_path / "guide.toml"
    shutil.copy(POLICIES_DIR / "guide.toml", path)
    cache = datafile._cache_path(str(path))
    os.makedirs(os.path.dirname(cache))
    with open(cache, "wb") as f:
        f.write(garbage)
    assert _parse_policy(str(path), "guide") == load_policy("guide")
    with open(cache, "rb") as f:
        assert f.read() != garbage


@pytest.mark.parametrize("dont_write", [True, False])
def test_unwritable_folder_or_no_bytecode_means_no_cache_and_no_error(tmp_path, monkeypatch, dont_write):
    path = tmp_path / "guide.toml"
    shutil.copy(POLICIES_DIR / "guide.toml", path)
    monkeypatch.setattr(sys, "dont_write_bytecode", dont_write)
    if not dont_write:
        (tmp_path / "__pycache__").write_text("a file where the folder should be", encoding="utf-8")
    assert _parse_policy(str(path), "guide") == load_policy("guide")
    assert not os.path.isfile(datafile._cache_path(str(path)))


@pytest.mark.parametrize(("value", "shown"), [
    ((datafile.DATE, "2023-07-18"), "date datetime.date(2023, 7, 18)"),
    ((datafile.DATETIME, "2023-07-18T10:00:00"), "datetime datetime.datetime(2023, 7, 18, 10, 0)"),
    ("July 18", "str 'July 18'"),
    (True, "bool True"),
])
def test_shown_names_the_type_the_file_had(value, shown):
    assert datafile.shown(value) == shown


def test_cache_follows_pycache_prefix(tmp_path, monkeypatch, writing):
    src = tmp_path / "data" / "guide.toml"
    src.parent.mkdir()
    shutil.copy(POLICIES_DIR / "guide.toml", src)
    prefix = tmp_path / "prefix"
    monkeypatch.setattr(sys, "pycache_prefix", str(prefix))
    _parse_policy(str(src), "guide")
    cached = [p for p in prefix.rglob("*.marshal")]
    assert [p.name for p in cached] == [f"guide.toml.{sys.implementation.cache_tag}.marshal"]
    assert not (src.parent / "__pycache__").exists()
    _no_toml(monkeypatch)
    assert _parse_policy(str(src), "guide") == load_policy("guide")
