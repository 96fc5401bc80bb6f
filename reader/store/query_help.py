"""The search query language, described once: `dubao search --help` and the window's search
field (its tooltip: `QUERY_HELP`) show this text. No imports, so that the command line's
help costs nothing to load."""

QUERY_HELP = """\
Every word must be found: 工会 消防 finds articles with both. Words match inside longer
words, spaces in the text are ignored, Latin letters match in either case, and simplified
and traditional characters match each other (宪法 finds 憲法) unless exact script is asked
for.
  工会 OR 消防      either one (OR in capitals, between two words)
  工会 -消防        工会 but not 消防 (also: 工会 NOT 消防)
  "New York"        a phrase, spaces kept; also to search for OR, NOT or -x as words
Page notes (what a page holds outside its articles) are searched too."""
