"""The file names browsers get for downloads (RFC 6266)."""

from avvik.downloads import ascii_file_name, content_disposition


def test_ascii_name_is_sent_alone_when_it_is_the_real_name():
    assert content_disposition("avvik-2026.csv") == 'attachment; filename="avvik-2026.csv"'


def test_norwegian_letters_are_spelt_out_in_the_fallback_and_kept_in_filename_star():
    header = content_disposition("Rør på kjøkken – Åse.pdf", as_attachment=False)
    assert header.startswith('inline; filename="Roer paa kjoekken  AAse.pdf"; ')
    assert header.endswith(
        "filename*=UTF-8''R%C3%B8r%20p%C3%A5%20kj%C3%B8kken%20%E2%80%93%20%C3%85se.pdf"
    )


def test_fallback_cannot_break_out_of_its_quotes():
    assert ascii_file_name('a"b\\c;d\r\n.pdf') == "a_b_c_d__.pdf"
