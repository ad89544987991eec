def search_status() -> dict:
    return {"backend": "database"}
