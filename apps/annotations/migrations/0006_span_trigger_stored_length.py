"""Spans end inside the body, checked against the stored body length and only when it matters.

The old trigger measured the whole body (`char_length(body)`) for every inserted or updated
span row, even when only a status changed, so accepting all suggestions of a long article
cost seconds. Now:

- inserts are checked once per statement, joining the new rows with `body_length`;
- updates are checked per row only when an end offset (or the article) changes, so status,
  label and entity changes never run the check at all.
"""

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS mention_span_within_body ON annotations_entitymention;
DROP TRIGGER IF EXISTS quote_span_within_body ON annotations_quote;
DROP FUNCTION IF EXISTS newsdesk_span_within_body();

CREATE FUNCTION newsdesk_mentions_within_body() RETURNS trigger AS $$
DECLARE
    bad record;
BEGIN
    SELECT m.article_id, m."end" AS offset, a.body_length INTO bad
    FROM new_mentions m JOIN articles_article a ON a.id = m.article_id
    WHERE m."end" > a.body_length
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'span annotations_entitymention.end = % is past the end of article % (length %)',
            bad.offset, bad.article_id, bad.body_length
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION newsdesk_quotes_within_body() RETURNS trigger AS $$
DECLARE
    bad record;
BEGIN
    SELECT q.article_id, greatest(q."end", q.cue_end, q.speaker_end) AS offset, a.body_length
    INTO bad
    FROM new_quotes q JOIN articles_article a ON a.id = q.article_id
    WHERE greatest(q."end", q.cue_end, q.speaker_end) > a.body_length
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'span annotations_quote offset % is past the end of article % (length %)',
            bad.offset, bad.article_id, bad.body_length
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- One row whose end offsets changed; `greatest` ignores the null cue and speaker ends.
CREATE FUNCTION newsdesk_span_row_within_body() RETURNS trigger AS $$
DECLARE
    stored_length integer;
    row_end integer;
BEGIN
    SELECT body_length INTO stored_length FROM articles_article WHERE id = NEW.article_id;
    IF TG_TABLE_NAME = 'annotations_quote' THEN
        row_end := greatest(NEW."end", NEW.cue_end, NEW.speaker_end);
    ELSE
        row_end := NEW."end";
    END IF;
    IF row_end > stored_length THEN
        RAISE EXCEPTION 'span offset % in % is past the end of article % (length %)',
            row_end, TG_TABLE_NAME, NEW.article_id, stored_length
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER mention_spans_within_body AFTER INSERT ON annotations_entitymention
    REFERENCING NEW TABLE AS new_mentions
    FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_mentions_within_body();
CREATE TRIGGER mention_span_moved_within_body
    BEFORE UPDATE OF "end", article_id ON annotations_entitymention
    FOR EACH ROW
    WHEN (NEW."end" IS DISTINCT FROM OLD."end" OR NEW.article_id IS DISTINCT FROM OLD.article_id)
    EXECUTE FUNCTION newsdesk_span_row_within_body();

CREATE TRIGGER quote_spans_within_body AFTER INSERT ON annotations_quote
    REFERENCING NEW TABLE AS new_quotes
    FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_quotes_within_body();
CREATE TRIGGER quote_span_moved_within_body
    BEFORE UPDATE OF "end", cue_end, speaker_end, article_id ON annotations_quote
    FOR EACH ROW
    WHEN (NEW."end" IS DISTINCT FROM OLD."end"
          OR NEW.cue_end IS DISTINCT FROM OLD.cue_end
          OR NEW.speaker_end IS DISTINCT FROM OLD.speaker_end
          OR NEW.article_id IS DISTINCT FROM OLD.article_id)
    EXECUTE FUNCTION newsdesk_span_row_within_body();
"""

OLD_FUNCTION = """
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

BACKWARD = (
    """
DROP TRIGGER IF EXISTS mention_spans_within_body ON annotations_entitymention;
DROP TRIGGER IF EXISTS mention_span_moved_within_body ON annotations_entitymention;
DROP TRIGGER IF EXISTS quote_spans_within_body ON annotations_quote;
DROP TRIGGER IF EXISTS quote_span_moved_within_body ON annotations_quote;
DROP FUNCTION IF EXISTS newsdesk_mentions_within_body();
DROP FUNCTION IF EXISTS newsdesk_quotes_within_body();
DROP FUNCTION IF EXISTS newsdesk_span_row_within_body();
"""
    + OLD_FUNCTION
    + """
CREATE TRIGGER mention_span_within_body BEFORE INSERT OR UPDATE ON annotations_entitymention
    FOR EACH ROW EXECUTE FUNCTION newsdesk_span_within_body('end');
CREATE TRIGGER quote_span_within_body BEFORE INSERT OR UPDATE ON annotations_quote
    FOR EACH ROW EXECUTE FUNCTION newsdesk_span_within_body('end', 'cue_end', 'speaker_end');
"""
)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0005_touched_rows"), ("articles", "0004_body_length")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
