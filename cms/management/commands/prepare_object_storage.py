from django.core.management.base import BaseCommand

from config.storage import prepare_buckets


class Command(BaseCommand):
    help = (
        "Create the object storage buckets that S3_MEDIA_BUCKET and S3_EXPORTS_BUCKET name, if missing, and let "
        "anyone read the media bucket's renditions (images/) and nothing else. Safe to run again."
    )

    def handle(self, *args, **options):
        prepared = prepare_buckets()
        if not prepared:
            self.stdout.write("No object storage is configured (S3_MEDIA_BUCKET, S3_EXPORTS_BUCKET): nothing to do.")
        for alias, bucket, created in prepared:
            self.stdout.write(f"  {alias}: bucket {bucket} {'created' if created else 'already there'}")
