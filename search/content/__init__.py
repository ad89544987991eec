"""Search over content: groups, posts and questions, organisations, external contacts and
Wagtail pages, on both backends, never showing what the searcher may not see.

documents.py builds one document per object; audience.py decides who may find it;
database.py and elasticsearch.py index and search it; sync.py and signals.py keep the
indices current; queries.py is the one read path for views and the API.
"""

GROUPS, POSTS, ORGANISATIONS, CONTACTS, PAGES = "groups", "posts", "organisations", "contacts", "pages"
KINDS = (GROUPS, POSTS, ORGANISATIONS, CONTACTS, PAGES)
# Guests find only their groups and those groups' posts.
GUEST_KINDS = (GROUPS, POSTS)
# Type-ahead suggests these besides people.
SUGGESTED_KINDS = (GROUPS, PAGES)
