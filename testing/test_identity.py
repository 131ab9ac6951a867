"""Student ids and report folders (``grader.trusted.identity``): ids kept as given, one
folder per student, never shared."""
import unicodedata

from grader.trusted.identity import assign_folders, folder_name


def test_ids_are_kept_as_given():
    for student_id in ("张三", "李四", "Ana María", "o'brien, k.", "!!!", "学生 01 (重修)"):
        assert folder_name(student_id) == student_id


def test_only_what_cannot_be_a_folder_name_is_replaced():
    assert folder_name("a/b") == "a_b" and folder_name("a\\b") == "a_b" and folder_name("tab\there") == "tab_here"
    assert folder_name(".") == "_." and folder_name("..") == "_.." and folder_name("") == "_"
    assert len(folder_name("长" * 300).encode()) <= 200


def test_ids_that_would_share_a_folder_get_distinct_ones_and_a_note():
    nfc, nfd = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    ids = ["Ana", "ana", "ANA", nfc, nfd, "a/b", "a_b", "Ｚｈａｎｇ", "zhang", "gradebook.csv"]
    students, notes = assign_folders(ids)
    assert [s.id for s in students] == ids
    folders = [s.folder for s in students]
    keys = {unicodedata.normalize("NFKC", f).casefold() for f in folders}
    assert len(keys) == len(ids), folders
    assert folders[:3] == ["Ana", "ana~2", "ANA~3"] and folders[3] == nfc and folders[4] == nfd + "~2"
    assert folders[-1] == "gradebook.csv~2"
    assert len(notes) == sum(s.folder != s.id for s in students) == 7
