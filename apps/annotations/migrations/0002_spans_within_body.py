"""Spans must end inside their article's body: a trigger, since a CHECK cannot see another table."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION newsdesk_span_within_body() RETURNS trigger AS $$
DECLARE
    body_length integer;
    row_data jsonb := to_jsonb(NEW);
    column_name text;
BEGIN
    SELECT char_length(body) INTO body_length FROM articles_article WHERE id = NEW.article_id;
    FOREACH column_name IN ARRAY TG_ARGV LOOP
        IF (row_data ->> column_name) IS NOT NULL
           AND (row_data ->> column_name)::integer > body_length THEN
            RAISE EXCEPTION 'span %.% = % is past the end of article % (length %)',
                TG_TABLE_NAME, column_name, row_data ->> column_name, NEW.article_id, body_length
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = """
CREATE TRIGGER mention_span_within_body BEFORE INSERT OR UPDATE ON annotations_entitymention
    FOR EACH ROW EXECUTE FUNCTION newsdesk_span_within_body('end');
CREATE TRIGGER quote_span_within_body BEFORE INSERT OR UPDATE ON annotations_quote
    FOR EACH ROW EXECUTE FUNCTION newsdesk_span_within_body('end', 'cue_end', 'speaker_end');
"""

REVERSE = """
DROP TRIGGER IF EXISTS mention_span_within_body ON annotations_entitymention;
DROP TRIGGER IF EXISTS quote_span_within_body ON annotations_quote;
DROP FUNCTION IF EXISTS newsdesk_span_within_body();
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0001_initial"), ("articles", "0001_initial")]

    operations = [migrations.RunSQL(FUNCTION + TRIGGERS, REVERSE)]
