"""The pop diary: trends, what the diary tells the assessment, charts and the doctor's report."""
