"""The web surface: server-rendered pages (the check, results, learn pages) and the JSON API."""
