"""The demo municipality: its organisation, a year and a half of deviations handled through
the same services a click calls, and ``seed_demo``, which builds both. Nothing else
imports it: it sits above every app it exercises."""
