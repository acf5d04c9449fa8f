"""Importing the organisation (units, people, memberships) from the HR system's CSV files.

``sources`` reads the files whatever their dialect; ``parse`` and ``checks`` find every
problem without writing; ``write`` brings the database in line in one transaction.
"""

from orgchart.importing.sources import Problem, Source
from orgchart.importing.write import ImportResult, InvalidOrgchart, import_orgchart

__all__ = ["ImportResult", "InvalidOrgchart", "Problem", "Source", "import_orgchart"]
