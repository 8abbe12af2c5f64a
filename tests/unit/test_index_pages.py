"""The printed index is laid out after the book: split off, then given the pages its references point to."""

from critedition.render.pdf.index import paged_index, split_index

HEAD = '<html lang="en"><head><title>T</title></head>\n<body class="print">\n<main>\n'
BOOK = '<div id="essay" class="essay chapter"><p id="a-p1">Text with <span id="n1">Serge</span>.</p></div>\n'
INDEX = ('<div id="index" class="index backmatter chapter">\n<section id="index-of-names" class="level1">\n'
         '<h1>Index of Names</h1>\n<ul>\n'
         '<li><span class="index-name">Serge, Victor</span>: <em>A</em> '
         '<span id="ix-1" class="ix-ref" data-target="n1" data-group="1"><a href="#n1" class="index-ref">¶ 1</a></span>'
         '<span id="ix-2" class="ix-ref" data-target="n2" data-group="1">, <a href="#n2" class="index-ref">¶ 2</a></span>'
         '<span id="ix-3" class="ix-ref" data-target="n3" data-group="1">, <a href="#n3" class="index-ref">n. 4</a></span>'
         ' <em>B</em> '
         '<span id="ix-4" class="ix-ref" data-target="n4" data-group="2"><a href="#n4" class="index-ref">¶ 9</a></span>'
         '</li>\n</ul>\n</section>\n</div>\n')
TAIL = '</main>\n</body>\n</html>\n'


def test_the_book_keeps_the_index_heading_and_the_index_stands_alone():
    main, index = split_index(HEAD + BOOK + INDEX + TAIL)
    assert main.startswith(HEAD + BOOK) and main.endswith(TAIL)
    assert "<h1>Index of Names</h1>" in main and "ix-ref" not in main and "Serge, Victor" not in main
    assert index == HEAD + INDEX + TAIL


def test_a_book_without_an_index_is_left_whole():
    html = HEAD + BOOK + TAIL
    assert split_index(html) == (html, None)


def test_each_reference_gets_its_page_once_per_name_and_essay():
    out = paged_index(INDEX, {"n1": 12, "n2": 12, "n3": 14, "n4": 12})
    assert '<a href="#n1" class="index-ref">12</a>' in out
    assert "ix-2" not in out and "¶ 2" not in out  # the same page again, in the same essay: gone with its comma
    assert '<span id="ix-3" class="ix-ref" data-target="n3" data-group="1">, <a href="#n3" class="index-ref">14</a>' in out
    assert '<a href="#n4" class="index-ref">12</a>' in out  # another essay: its page is given again


def test_a_reference_whose_target_was_not_laid_out_keeps_its_paragraph_number():
    out = paged_index(INDEX, {"n1": 3})
    assert '<a href="#n2" class="index-ref">¶ 2</a>' in out and '<a href="#n1" class="index-ref">3</a>' in out
