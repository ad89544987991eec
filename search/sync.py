def queue_profiles(profile_ids) -> None:
    """Placeholder until the search app lands: re-index these profiles on commit."""
