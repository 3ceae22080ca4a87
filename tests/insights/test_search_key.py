from apps.core.text import search_key


def test_names_compare_whatever_their_case_accents_and_spacing():
    assert search_key("Zoë  Ångström") == search_key("zoe angstrom") == "zoe angstrom"
    assert search_key("SHARON GRAHAM") == search_key("Sharon Graham")
    assert search_key("Straße") == "strasse"
    assert search_key("François Hollande") != search_key("Francis Holland")
