"""What marks a folder as a generated benchmark corpus.

Its own module so bench.py can check a corpus without importing the generator
(jieba and pypinyin): bench.py's own peak RSS is a floor under every child's.
"""

MARKER = "corpus.json"  # written last by gen_corpus.py; holds n, seed, generator and the text statistics
GENERATOR = 2  # bump when the same (n, seed) would give different files, so bench.py regenerates
