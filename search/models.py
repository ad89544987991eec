"""The database backend's index: person documents and their analysed terms.

Denormalised on purpose: rebuilt from people/ and groups/ by search.sync, never edited.
"""

from django.db import models

# A row per document and field whose term is this marker counts the documents that
# have the field (Lucene's docCount), so idf needs no table scan. Real tokens are words.
FIELD_MARKER = "*"


class SearchDocument(models.Model):
    profile_id = models.PositiveBigIntegerField(unique=True)
    key = models.CharField(max_length=100, db_index=True)
    data = models.JSONField()
    # What visibility rules read (active, is_guest, group_ids): small, so filtering many
    # candidates does not decode every full document.
    audience = models.JSONField(default=dict)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class SearchTerm(models.Model):
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="terms")
    field = models.CharField(max_length=20)
    # db_index also gives PostgreSQL a varchar_pattern_ops index for prefix (LIKE 'x%') look-ups.
    term = models.CharField(max_length=120, db_index=True)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "field", "term"], name="unique_search_term")]
        # Name look-ups read one field's terms (fuzzy matching compares them all).
        indexes = [models.Index(fields=["field", "term"], name="search_term_field_term")]

    def __str__(self) -> str:
        return f"{self.field}:{self.term}"


class AnswerDocument(models.Model):
    """An answer to a question (a comment by someone other than the asker), for the
    document-first pass: answers that match a query are counted per author."""

    comment_id = models.PositiveBigIntegerField(unique=True)
    post_id = models.PositiveBigIntegerField(db_index=True)
    # Only answers in groups the searcher may read count (groups.queries.readable_groups).
    group_id = models.PositiveBigIntegerField(db_index=True)
    author_profile_id = models.PositiveBigIntegerField(db_index=True)
    accepted = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"answer {self.comment_id} to {self.post_id}"


class AnswerTerm(models.Model):
    """The distinct tokens of an answer's thread: the question's title and text and the answer."""

    answer = models.ForeignKey(AnswerDocument, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=120, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "term"], name="unique_answer_term")]

    def __str__(self) -> str:
        return self.term


class ContentDocument(models.Model):
    """A group, post or question, organisation, external contact or Wagtail page, for the
    content tabs of the search page (built by search.content.documents, never edited)."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField()
    created = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_content_document")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class ContentTerm(models.Model):
    """A token of a content document's field. Besides the text fields ("title", "text") and the
    folded title words for type-ahead ("name"), "access" holds who may find the document
    (search.content.audience) and "facet" its facet values, so filtering is a join."""

    document = models.ForeignKey(ContentDocument, on_delete=models.CASCADE, related_name="terms")
    field = models.CharField(max_length=10)
    term = models.CharField(max_length=120)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "field", "term"], name="unique_content_term")]
        indexes = [models.Index(fields=["field", "term"], name="search_content_field_term")]

    def __str__(self) -> str:
        return f"{self.field}:{self.term}"
