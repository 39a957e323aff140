from __future__ import annotations

import crepitus


def test_the_public_surface_is_what_we_promise() -> None:
    assert sorted(crepitus.__all__) == sorted(
        [
            "AdviceResult",
            "Assessment",
            "CaseError",
            "ConditionResult",
            "CrepitusError",
            "FieldProblem",
            "FiredRule",
            "InterviewError",
            "KnowledgeError",
            "Mention",
            "Understanding",
            "assess",
            "understand",
        ]
    )
    for name in crepitus.__all__:
        assert getattr(crepitus, name) is not None


def test_the_understanding_error_is_a_crepitus_error() -> None:
    from crepitus.understanding import UnderstandingUnavailableError

    assert issubclass(UnderstandingUnavailableError, crepitus.CrepitusError)


def test_every_error_is_a_crepitus_error() -> None:
    for error in (crepitus.CaseError, crepitus.KnowledgeError, crepitus.InterviewError):
        assert issubclass(error, crepitus.CrepitusError)
