"""Views of the good-practice library, one module per concern: sharing and
updating practices (``submissions``), the step-by-step submission form and its
drafts (``drafts``), adoptions and the exchange map
(``adoptions``), calls for practices (``calls``) and open data (``exports``).

The listing is the Wagtail page at /practices/ (its context:
``practices.context``); these views live under /practices/ through
``urls.py``. Permission questions go to ``practices.rules``.
"""
