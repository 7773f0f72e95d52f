"""``dpc lint --fix`` and ``--diff``: the mechanical fixes whose hint leaves no choice.

A fix is made from one finding (its code, position, message and hint, as lint reported it) and the
file's text: ruamel.yaml composes the text only to find the exact characters the finding names, and
the fix replaces or inserts just those characters, so every other byte of the file (comments,
quoting, key order, indentation, line endings) stays as it was.

- :mod:`.source`: a file's text composed once, its keys and values indexed by position;
- :mod:`.edit`: an edit (characters replaced) and a fix (a finding and its edit);
- :mod:`.version`, :mod:`.keys`, :mod:`.stackspec`: one module per fix;
- :mod:`.registry`: code -> fixer, what ``dpc rules`` and ``dpc explain`` call fixable;
- :mod:`.apply`: the fixes of one text, overlapping ones dropped, the result checked to parse;
- :mod:`.files`: which files may be written, and the atomic write; :mod:`.udiff`: the ``--diff`` text.
"""
