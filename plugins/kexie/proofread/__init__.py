"""Automated proofreading (校对单): warnings on every article's text, no MkDocs.

``site.proofread_site`` runs the pass; ``house`` reads content/_data/proofread.yml;
the rules live in ``words`` (doubled characters, misspellings), ``marks`` (Latin
words, half-width punctuation, paired marks, spacing), ``numbers`` (GB/T 15835
basics) and ``names`` (registry names, short names, the house's words);
``prose`` masks what is not running text; ``sheet`` renders the preview's page.
"""
