"""Published versions are frozen (a trigger refuses changes), and the roles get their new rights."""

from django.db import migrations

from apps.accounts.role_grants import role_permissions_grant

FROZEN = """
CREATE OR REPLACE FUNCTION newsdesk_published_is_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'publishing_publishedversion' AND TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'is_current') = (to_jsonb(OLD) - 'is_current') THEN
        RETURN NEW;  -- only the "current" flag moved to a newer version
    END IF;
    RAISE EXCEPTION 'published versions cannot be changed (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER published_version_frozen BEFORE UPDATE ON publishing_publishedversion
    FOR EACH ROW EXECUTE FUNCTION newsdesk_published_is_frozen();
CREATE TRIGGER published_quote_frozen BEFORE UPDATE ON publishing_publishedquote
    FOR EACH ROW EXECUTE FUNCTION newsdesk_published_is_frozen();
"""

UNFROZEN = """
DROP TRIGGER IF EXISTS published_version_frozen ON publishing_publishedversion;
DROP TRIGGER IF EXISTS published_quote_frozen ON publishing_publishedquote;
DROP FUNCTION IF EXISTS newsdesk_published_is_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial"), ("accounts", "0001_roles")]

    operations = [
        migrations.RunSQL(FROZEN, UNFROZEN),
        migrations.RunPython(role_permissions_grant, migrations.RunPython.noop),
    ]
