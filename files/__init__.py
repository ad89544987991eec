"""Files people attach to posts and messages: checked by content, kept in private storage, previewed and
handed only to readers the caller has already checked. Used by feed and messaging alike."""
