"""Every change of a case's state is one function here: it checks permission and state,
locks the case row, writes the change and its timeline event in one transaction, and
queues notifications for when that transaction commits."""

from cases.services.intake import add_information, file_deviation

__all__ = ["add_information", "file_deviation"]
