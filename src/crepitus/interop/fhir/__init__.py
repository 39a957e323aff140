"""FHIR R4B: the Questionnaire, QuestionnaireResponse <-> case, RiskAssessment and Observations.

Built on the ``fhir.resources`` R4B models; every resource we emit is validated by them and by our
own checks of status and code values (which the library does not check).
"""
