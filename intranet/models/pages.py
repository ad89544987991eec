"""Wagtail pages: the intranet home and news articles."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from intranet.home import home_context


class HomePage(Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["intranet.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(request.user))
        if request.user.is_authenticated:
            # Guests see their project spaces only, not the municipalities' internal news.
            guest = request.user.is_guest
            context["news"] = [] if guest else NewsPage.objects.live().child_of(self).order_by("-date")[:5]
        return context


class NewsPage(Page):
    date = models.DateField(_("date"))
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("text"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["intranet.HomePage"]
    subpage_types: list[str] = []

    def serve(self, request, *args, **kwargs):
        # News is for the municipalities' staff; guests see only their project spaces.
        if getattr(request.user, "is_guest", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-date"]
