// The admin's slug field (cms/thai_slugs.py): a slug made of letters, digits, "_" and "-", as
// Wagtail's own, but keeping Thai vowels and tone marks, which Wagtail's slug controller drops.
(() => {
  const KEPT = /[\p{L}\p{N}_\-\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/u;
  const toSlug = (text) =>
    Array.from(text.normalize("NFC").trim().toLowerCase().replace(/\s+/g, "-"))
      .filter((character) => KEPT.test(character))
      .join("")
      .replace(/(^|-)[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]+/gu, "$1") // a mark with no letter to sit on
      .replace(/-{2,}/g, "-");

  class ThaiSlugController extends window.StimulusModule.Controller {
    slugify() {
      this.element.value = toSlug(this.element.value);
    }

    // Sent by the title while the slug still follows it: a slug changed by hand stops following.
    compare(event) {
      if (toSlug(event.detail?.value || "") !== this.element.value) event.preventDefault();
    }

    apply(event) {
      this.element.value = toSlug(event.detail?.value || "");
    }
  }

  window.wagtail.app.register("thai-slug", ThaiSlugController);
})();
