"""The permission matrix (issue #13): one world (``world.py``), one table
(``table.py``) and the probes that ask each surface (``probes.py``);
``tests/test_permission_matrix.py`` runs every row as every role."""
