"""Interoperability: the interview and its results in HL7 FHIR R4B, and a CDS Hooks service.

A surface-side layer: it converts between FHIR resources and the engine's own case and
assessment, and never holds medicine of its own.
"""
