from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import Image
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.events.photos import is_photo_of_minors, withheld_image_ids

from .blocks import BodyBlock
from .page_cache import shows_seats_of
from .page_queries import LocalizedFromSiteParts, RoutedByUrlPath, ViewRestrictionsReadOnce, without_restricted
from .thai_slugs import ThaiSlugPage

ANNOUNCEMENTS_PER_PAGE = 10


class SearchableText(models.Model):
    """Keeps a plain-text copy of the page for the site search, which matches Thai words inside
    running text (Thai has no spaces between words, so word-based full-text search misses them)."""

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from .search import plain_text_of

        self.search_text = plain_text_of(self)
        super().save(*args, **kwargs)


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """Who runs the site, shown in the footer, on the home page and in shared links."""

    name = models.CharField(_("organisation name (Thai)"), max_length=200, blank=True)
    name_en = models.CharField(_("organisation name (English)"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    line_official_account = models.CharField(
        _("LINE Official Account ID"), max_length=40, blank=True, help_text=_("For example @danmaelamao")
    )
    facebook_page = models.URLField(_("Facebook page"), blank=True)
    footer_text = models.TextField(_("footer text (Thai)"), blank=True)
    footer_text_en = models.TextField(_("footer text (English)"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("logo")], heading=_("Organisation")),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("line_official_account"),
                FieldPanel("facebook_page"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("footer_text"), FieldPanel("footer_text_en")], heading=_("Footer")),
    ]

    class Meta:
        verbose_name = _("organisation")

    def localized(self, field, language_code):
        english = getattr(self, f"{field}_en", "")
        return english if language_code == "en" and english else getattr(self, field)

    @property
    def line_add_friend_url(self):
        account = self.line_official_account.strip()
        return f"https://line.me/R/ti/p/{account}" if account else ""


@register_snippet
class Contact(models.Model):
    """A person the public can ask about an announcement or event."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("phone"), FieldPanel("email")]

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name


class HomePage(LocalizedFromSiteParts, RoutedByUrlPath, ViewRestrictionsReadOnce, ThaiSlugPage):
    """The site's front page; one per language."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("hero_image")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from portal.events.models import Event

        context["latest_announcements"] = AnnouncementPage.listing(locale=self.locale)[:6]
        # Which events are upcoming changes with the events (the whole cache's version); their seats
        # with each sign-up, so the page names them to the page cache before counting.
        upcoming = list(Event.objects.published_ahead().values_list("pk", flat=True)[:3])
        shows_seats_of(upcoming)
        context["upcoming_events"] = Event.objects.with_seat_counts().filter(pk__in=upcoming).order_by("starts_at")
        context["announcement_index"] = AnnouncementIndexPage.objects.live().filter(locale=self.locale).first()
        return context


class AnnouncementIndexPage(ViewRestrictionsReadOnce, ThaiSlugPage):
    """News before and after each event, newest first, filterable by tag and year."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.AnnouncementPage"]

    class Meta:
        verbose_name = _("announcement index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        announcements = AnnouncementPage.listing(parent=self)
        tag = request.GET.get("tag", "").replace("\x00", "").strip()[:100]  # PostgreSQL refuses NUL in text
        year = request.GET.get("year", "").strip()
        if tag:
            announcements = announcements.filter(tags__name=tag)
        if year.isdigit() and 1900 < int(year) < 3000:
            announcements = announcements.filter(date__year=int(year))
        else:
            year = ""
        paginator = Paginator(announcements, ANNOUNCEMENTS_PER_PAGE)
        page_number = request.GET.get("page", "1")
        try:
            page_of_announcements = paginator.page(page_number)
        except PageNotAnInteger:
            page_of_announcements = paginator.page(1)
        except EmptyPage:
            page_of_announcements = paginator.page(paginator.num_pages)
        filters = {key: value for key, value in (("tag", tag), ("year", year)) if value}
        context.update(
            announcements=page_of_announcements,
            query_prefix=urlencode(filters) + "&" if filters else "",
            paginator=paginator,
            selected_tag=tag,
            selected_year=int(year) if year else None,
            years=AnnouncementPage.objects.live().child_of(self).dates("date", "year", order="DESC"),
            tags=AnnouncementPageTag.tags_used_under(self),
        )
        return context


class AnnouncementPageTag(TaggedItemBase):
    content_object = ParentalKey("cms.AnnouncementPage", related_name="tagged_items", on_delete=models.CASCADE)

    @classmethod
    def tags_used_under(cls, index_page):
        from taggit.models import Tag

        pages = AnnouncementPage.objects.live().child_of(index_page)
        return Tag.objects.filter(cms_announcementpagetag_items__content_object__in=pages).distinct().order_by("name")


class AnnouncementPage(ViewRestrictionsReadOnce, SearchableText, ThaiSlugPage):
    date = models.DateField(_("date"), default=timezone.localdate, help_text=_("The date the news is about."))
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Shown in the date line."))
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences, shown in lists and when shared.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt_text = models.CharField(_("cover image alternative text"), max_length=250, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=AnnouncementPageTag, blank=True, verbose_name=_("tags"))
    # Set on the announcement drafted after an event (cms.after_event), so drafting again finds it.
    reports_on_event = models.ForeignKey(
        "portal_events.Event", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField(null=True, blank=True, editable=False)  # photos after it are new

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("place")], heading=_("Date line")),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt_text")], heading=_("Cover")),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("related_links", label=_("Related announcements")),
        InlinePanel("contacts", label=_("People to contact")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.AnnouncementIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    @classmethod
    def listing(cls, parent=None, locale=None):
        """Live announcements newest first, with what a list item shows loaded up front."""
        pages = without_restricted(cls.objects.live())
        if parent is not None:
            pages = pages.child_of(parent)
        if locale is not None:
            pages = pages.filter(locale=locale)
        pages = pages.order_by("-date", "-first_published_at").defer_streamfields()
        pages = pages.annotate(cover_of_minors=is_photo_of_minors("cover_image"))
        return pages.select_related("cover_image").prefetch_related("cover_image__renditions", "tags")

    @cached_property
    def shown_cover(self):
        """The cover image, unless it is a photo of minors without photo consent in force now: checked
        when shown, like the album's photos (portal.events.photos). The listing and the page's own context
        say in the queries they make anyway which covers are such photos: consent is looked up only for those."""
        cover = self.cover_image
        of_minors = getattr(self, "cover_of_minors", getattr(cover, "in_photo_of_minors", True))
        if cover is None or not of_minors:
            return cover
        return None if withheld_image_ids([cover.pk]) else cover

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # With its renditions, so the cover's sizes are not read from the cache and written back on every view.
        covers = Image.objects.annotate(in_photo_of_minors=is_photo_of_minors("pk"))
        prefetch_related_objects([self], Prefetch("cover_image", queryset=covers), "cover_image__renditions")
        context["tags"] = list(self.tags.all())
        context["contacts"] = list(self.contacts.select_related("contact"))
        context["related"] = self.related_announcements(context["tags"])
        return context

    def related_announcements(self, tags):
        chosen = [
            link.announcement for link in self.related_links.select_related("announcement") if link.announcement.live
        ]
        if chosen:
            return chosen
        tag_ids = [tag.id for tag in tags]
        siblings = AnnouncementPage.listing(locale=self.locale_id).exclude(pk=self.pk)
        siblings = siblings.prefetch_related(None).prefetch_related("cover_image__renditions")  # cards show no tags
        if tag_ids:
            siblings = siblings.filter(tags__in=tag_ids).distinct()
        return list(siblings[:3])


class AnnouncementRelatedLink(Orderable):
    page = ParentalKey(AnnouncementPage, related_name="related_links", on_delete=models.CASCADE)
    announcement = models.ForeignKey(
        AnnouncementPage, verbose_name=_("announcement"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("announcement")]


class AnnouncementContact(Orderable):
    page = ParentalKey(AnnouncementPage, related_name="contacts", on_delete=models.CASCADE)
    contact = models.ForeignKey(Contact, verbose_name=_("contact person"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("contact")]


class StandardPage(ViewRestrictionsReadOnce, SearchableText, ThaiSlugPage):
    """About, contact, the privacy notice: a title, an introduction and a body."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
