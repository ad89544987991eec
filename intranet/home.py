def home_context(user, page) -> dict:
    return {}
