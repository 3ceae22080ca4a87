"""The correction workspace in the real browser: keyboard, mouse, quotes, entities, conflicts."""

import pytest
from playwright.sync_api import expect

from apps.annotations.models import AnnotationEvent, Entity, EntityMention, Quote, RegistryEntity
from apps.articles.models import Article
from tests.annotations.factories import annotate

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "Nouri Al Maliki met reporters in Baghdad on Monday. "
    "“The talks went well,” Mr Maliki said.\n\n"
    "A spokesman for the United Nations declined to comment, officials in Iraq said."
)
MENTIONS = [
    ("Nouri Al Maliki", "PERSON", "Nouri Al Maliki"),
    ("Baghdad", "GPE", "Baghdad"),
    ("Monday", "DATE", "Monday"),
    ("Maliki", "PERSON", "Nouri Al Maliki"),
    ("United Nations", "GPE", "United Nations"),
]


def open_workspace(page, article):
    page.goto(f"/workspace/{article.pk}/")
    expect(page.locator("[data-workspace][data-ready=true]")).to_be_attached()


def saved(page, version):
    expect(page.locator("[data-save-status]")).to_have_text(f"Saved (version {version}).")


def sample(
    make_article, text=TEXT, mentions=MENTIONS, quotes=(("The talks went well,", "direct"),)
):
    return annotate(make_article(text), mentions=list(mentions), quotes=list(quotes))


def select_text(page, start, end):
    """Select code points [start, end) of the text the way a mouse drag would, then release."""
    page.evaluate(
        """([start, end]) => {
            const root = document.querySelector('[data-ws-text]');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const points = []; let cp = 0;
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                let u = 0;
                for (const ch of n.data) { points.push([n, u]); u += ch.length; cp++; }
                points.push([n, u]); points.pop();
                points.last = [n, u];
            }
            const at = (i) => i < points.length ? points[i] : points.last;
            const range = document.createRange();
            range.setStart(...at(start)); range.setEnd(...at(end));
            getSelection().removeAllRanges(); getSelection().addRange(range);
            root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        [start, end],
    )


def test_panels_suggested_look_and_keyboard_accept_reject_relabel(page, sign_in, make_article):
    article = sample(make_article)
    sign_in(page, "annotator")
    page.goto(f"/articles/{article.pk}/")
    page.get_by_role("link", name="Correct").click()
    expect(page.locator("[data-workspace][data-ready=true]")).to_be_attached()
    text = page.locator("[data-ws-text]")
    assert text.text_content() == article.body  # DOM offsets are body offsets
    # Entities grouped with counts; quotes with kind and speaker; quotes contain entities.
    maliki = page.locator("[data-entity-list] button", has_text="Nouri Al Maliki")
    expect(maliki.locator(".count")).to_have_text("2")
    expect(page.locator("[data-quote-list] li")).to_have_count(1)
    expect(page.locator("[data-quote-list] .kind")).to_have_text("direct")
    expect(page.locator("mark.ent.is-suggested")).to_have_count(5)
    expect(page.locator("[data-remaining]")).to_have_text("6 suggestions to check")

    page.keyboard.press("j")
    expect(text.locator("mark.is-current")).to_have_text("Nouri Al Maliki")
    page.keyboard.press("a")  # accept, and move on to the next suggestion
    saved(page, 2)
    expect(text.locator("mark.is-accepted")).to_have_text(["Nouri Al Maliki"])
    expect(text.locator("mark.is-current")).to_have_text("Baghdad")
    page.keyboard.press("r")
    saved(page, 3)
    expect(text.locator("mark", has_text="Baghdad")).to_have_count(0)
    expect(text.locator("mark.is-current")).to_have_text("Monday")
    page.keyboard.press("k")  # back: previous suggestion
    expect(text.locator("mark.is-current")).to_have_text("Monday")  # Baghdad is gone
    page.keyboard.press("J")
    page.keyboard.press("K")
    expect(text.locator("mark.is-current")).to_have_text("Monday")
    # United Nations is an ORG: change its label with the key 2.
    text.locator("mark", has_text="United Nations").click()
    page.keyboard.press("2")
    saved(page, 4)
    expect(text.locator("mark", has_text="United Nations")).to_have_attribute("data-label", "ORG")
    # Or from the label menu, keyboard only.
    page.keyboard.press("l")
    expect(page.locator("[data-mention-label]")).to_be_focused()
    page.keyboard.press("Escape")
    expect(text).to_be_focused()

    page.keyboard.press("?")
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(page.get_by_role("dialog")).to_contain_text("undo / redo")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()

    page.keyboard.press("Shift+Digit1")  # accept all PERSON suggestions
    saved(page, 5)
    assert set(EntityMention.objects.filter(label="PERSON").values_list("status", flat=True)) == {
        "accepted"
    }
    page.keyboard.press("Shift+A")  # and everything else
    saved(page, 6)
    expect(page.locator("[data-remaining]")).to_have_text("0 suggestions to check")
    assert not EntityMention.objects.filter(status="suggested").exists()
    assert Quote.objects.get().status == "accepted"

    page.reload()  # everything was saved as it happened
    expect(page.locator("[data-workspace][data-ready=true]")).to_be_attached()
    expect(text.locator("mark.is-accepted")).to_have_count(4)
    expect(text.locator("mark", has_text="United Nations")).to_have_attribute("data-label", "ORG")
    expect(page.locator("[data-history-list] li").first).to_contain_text(
        "annotator accepted 3 suggestions"
    )


def test_selection_snaps_to_words_by_mouse_and_by_keyboard(page, sign_in, make_article):
    article = sample(make_article, mentions=[])
    sign_in(page, "annotator")
    open_workspace(page, article)
    body = article.body
    # A sloppy drag: from inside "reporters" to just after "Baghdad " with a space.
    start = body.index("porters")
    select_text(page, start, body.index("Baghdad") + len("Baghdad on"[:8]))
    expect(page.locator("[data-save-status]")).to_have_text("All changes saved.")
    assert page.evaluate("getSelection().toString()") == "reporters in Baghdad"
    page.keyboard.press("4")
    saved(page, 2)
    mention = EntityMention.objects.get()
    assert (mention.start, mention.end, mention.label) == (
        body.index("reporters"),
        body.index(" on Monday"),
        "NORP",
    )
    # Keyboard: arrows move a one-word selection, Shift extends it.
    page.locator("[data-ws-text]").focus()
    page.keyboard.press("Escape")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("getSelection().toString()") == "on Monday"
    page.keyboard.press("Shift+ArrowLeft")
    assert page.evaluate("getSelection().toString()") == "on"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("getSelection().toString()") == "Monday"
    page.keyboard.press("9")
    saved(page, 3)
    assert EntityMention.objects.filter(label="DATE", text="Monday").exists()
    # Punctuation at the edges never sticks to a span.
    select_text(page, body.index("Iraq") - 1, len(body))
    assert page.evaluate("getSelection().toString()") == "Iraq said"


def test_words_selected_while_a_save_is_on_its_way_stay_selected(page, sign_in, make_article):
    """The answer to an earlier action redraws the sentence the annotator is selecting in."""
    article = sample(make_article)
    sign_in(page, "annotator")
    open_workspace(page, article)
    held = []
    page.route("**/actions/", lambda route: held.append(route))
    page.locator("[data-ws-text]").focus()
    page.keyboard.press("j")  # "Nouri Al Maliki", in the first sentence
    page.keyboard.press("a")  # accepted, on to "Baghdad": the answer is held back for now
    expect(page.locator("[data-save-status]")).to_have_text("Saving…")
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("getSelection().toString()") == "met reporters"
    assert len(held) == 1
    held[0].continue_()
    saved(page, 2)
    assert EntityMention.objects.get(text="Nouri Al Maliki").status == "accepted"
    assert page.evaluate("getSelection().toString()") == "met reporters"
    page.keyboard.press("Shift+ArrowRight")  # the arrows go on from where they were
    assert page.evaluate("getSelection().toString()") == "met reporters in"


def test_quotes_by_keyboard_and_mouse(page, sign_in, make_article):
    article = sample(make_article, quotes=[])
    body = article.body
    sign_in(page, "annotator")
    open_workspace(page, article)
    text = page.locator("[data-ws-text]")
    select_text(page, body.index("The talks"), body.index("well") + 4)
    page.keyboard.press("q")
    saved(page, 2)
    quote = Quote.objects.get()
    assert (quote.text, quote.kind, quote.origin) == ("The talks went well", "direct", "human")
    expect(text.locator(".quote.is-current")).to_have_text("The talks went well")
    # Boundaries: include the comma.
    select_text(page, body.index("“") + 1, body.index("”"))
    page.keyboard.press("b")
    saved(page, 3)
    quote.refresh_from_db()
    assert quote.text == "The talks went well"  # snapping dropped the comma again
    # Cue from a selection.
    select_text(page, body.index("said"), body.index("said") + 4)
    page.keyboard.press("c")
    saved(page, 4)
    quote.refresh_from_db()
    assert quote.cue_text == "said"
    expect(text.locator(".cue")).to_have_text("said")
    # Speaker: pick a mention in the text.
    page.get_by_role("button", name="Pick speaker in text").click()
    text.locator("mark", has_text="Maliki").nth(1).click()
    saved(page, 5)
    quote.refresh_from_db()
    assert quote.speaker_text == "Maliki"
    assert quote.speaker_entity.name == "Nouri Al Maliki"
    assert quote.speaker_type == "named"
    expect(page.locator("[data-quote-list] .speaker-name")).to_have_text("Nouri Al Maliki")
    # Keyboard: anonymous, unknown, then choose from the article's entities.
    page.keyboard.press("o")
    saved(page, 6)
    assert Quote.objects.get().speaker_type == "anonymous"
    page.keyboard.press("u")
    saved(page, 7)
    quote.refresh_from_db()
    assert (quote.speaker_type, quote.speaker_start, quote.speaker_entity) == (
        "unknown",
        None,
        None,
    )
    page.keyboard.press("s")
    expect(page.locator("[data-quote-speaker]")).to_be_focused()
    page.locator("[data-quote-speaker]").select_option(label="United Nations (GPE)")
    saved(page, 8)
    quote.refresh_from_db()
    assert quote.speaker_text == "United Nations"
    page.keyboard.press("Escape")
    page.keyboard.press("p")  # kind: partial
    saved(page, 9)
    assert Quote.objects.get().kind == "partial"
    page.keyboard.press("r")
    saved(page, 10)
    assert Quote.objects.get().status == "rejected"
    page.keyboard.press("z")
    saved(page, 11)
    page.locator("[data-quote-list] button").first.click()
    page.keyboard.press("x")
    saved(page, 12)
    assert not Quote.objects.exists()
    page.keyboard.press("z")  # undo brings it back with everything it had
    saved(page, 13)
    quote = Quote.objects.get()
    assert (quote.kind, quote.speaker_text, quote.cue_text) == ("partial", "United Nations", "said")


def test_canonical_entities_and_registry(page, sign_in, make_article):
    article = sample(make_article)
    sign_in(page, "annotator")
    open_workspace(page, article)
    text = page.locator("[data-ws-text]")
    entities = page.locator("[data-entity-list]")
    # Move "Monday" into the Baghdad entity (a silly move, then merge/split/rename).
    text.locator("mark", has_text="Monday").click()
    page.keyboard.press("e")
    page.locator("[data-mention-entity]").select_option(label="Baghdad (GPE)")
    saved(page, 2)
    expect(entities.locator("button", has_text="Baghdad").locator(".count")).to_have_text("2")
    # Split it off again into an entity of its own.
    page.locator("[data-mention-entity]").select_option("split")
    saved(page, 3)
    expect(entities.locator("button", has_text="Baghdad").locator(".count")).to_have_text("1")
    # Merge "United Nations" into "Baghdad", then undo.
    entities.locator("button", has_text="United Nations").click()
    page.locator("[data-entity-merge-into]").select_option(label="Baghdad (GPE)")
    page.get_by_role("button", name="Merge").click()
    saved(page, 4)
    expect(entities.locator("button", has_text="United Nations")).to_have_count(0)
    expect(entities.locator("button", has_text="Baghdad").locator(".count")).to_have_text("2")
    page.keyboard.press("z")
    saved(page, 5)
    expect(entities.locator("button", has_text="United Nations").locator(".count")).to_have_text(
        "1"
    )
    # Rename; markup in a name is only text.
    entities.locator("button", has_text="United Nations").click()
    page.locator("[data-entity-name]").fill("<b>UN</b>")
    page.get_by_role("button", name="Rename").click()
    saved(page, 6)
    expect(entities.locator("button .name", has_text="<b>UN</b>")).to_have_count(1)
    # The registry: add this entity, then link another article's entity to it.
    page.get_by_role("button", name="Add to registry").click()
    saved(page, 7)
    entry = RegistryEntity.objects.get()
    assert (entry.name, entry.label, entry.aliases) == ("<b>UN</b>", "GPE", ["United Nations"])
    assert Entity.objects.get(name="<b>UN</b>").registry == entry
    expect(page.locator("[data-inspect-entity] [data-field=registry]")).to_have_text("<b>UN</b>")
    other = sample(
        make_article,
        text="The United Nations met in Geneva.",
        mentions=[("United Nations", "ORG", "UN")],
        quotes=[],
    )
    RegistryEntity.objects.create(name="United Nations", label="ORG")
    open_workspace(page, other)
    entities.locator("button", has_text="UN").click()
    page.locator("[data-entity-registry]").select_option(label="United Nations")
    page.get_by_role("button", name="Link", exact=True).click()
    saved(page, 2)
    assert Entity.objects.get(article=other).registry.name == "United Nations"
    page.locator(".ws-links").get_by_role("link", name="Entity registry").click()
    expect(page.locator("table.registry")).to_contain_text("<b>UN</b>")


def test_undo_and_redo_over_sixty_actions(page, sign_in, make_article):
    words = " ".join(f"Person{i} Place{i}." for i in range(30))
    article = annotate(
        make_article(words),
        mentions=[(f"Person{i}", "PERSON", f"Person{i}") for i in range(30)],
    )
    sign_in(page, "annotator")
    open_workspace(page, article)
    version = 1
    for _ in range(30):  # accept all thirty, one by one (a moves on to the next)
        if version == 1:
            page.keyboard.press("j")
        page.keyboard.press("a")
        version += 1
        saved(page, version)
    for _ in range(30):  # and relabel each as an organisation, walking back with K
        page.keyboard.press("2")
        version += 1
        saved(page, version)
        page.keyboard.press("K")
    assert set(EntityMention.objects.values_list("status", "label")) == {("accepted", "ORG")}
    for _ in range(60):
        page.keyboard.press("z")
        version += 1
        saved(page, version)
    assert set(EntityMention.objects.values_list("status", "label")) == {("suggested", "PERSON")}
    for _ in range(60):
        page.keyboard.press("y")
        version += 1
        saved(page, version)
    assert set(EntityMention.objects.values_list("status", "label")) == {("accepted", "ORG")}


def test_two_annotators_at_once_nothing_is_lost(browser, live_server, sign_in, make_article, page):
    article = sample(make_article)
    sign_in(page, "annotator", "ann")
    other_context = browser.new_context(base_url=live_server.url)
    other = other_context.new_page()
    problems = []
    other.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(other, "reviewer", "rev")
    open_workspace(page, article)
    open_workspace(other, article)

    page.locator("[data-ws-text] mark", has_text="Baghdad").click()
    page.keyboard.press("a")
    saved(page, 2)
    # The reviewer still sees version 1 and relabels Baghdad, which changed meanwhile:
    # refused, shown, kept. (An action on another item applies: see test_concurrency.)
    other.locator("[data-ws-text] mark", has_text="Baghdad").click()
    other.keyboard.press("2")
    conflict = other.locator("[data-conflict]")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("ann")
    expect(conflict).to_contain_text("Baghdad")
    expect(conflict.locator("[data-conflict-action]")).to_contain_text("“Baghdad”")
    # The other person's work is now on screen.
    expect(other.locator("[data-ws-text] mark.is-accepted")).to_have_text(["Baghdad"])
    assert EntityMention.objects.get(text="Baghdad").label == "GPE"
    # A reload does not lose the kept action either.
    other.reload()
    expect(other.locator("[data-conflict]")).to_be_visible()
    other.get_by_role("button", name="Apply my action again").click()
    saved(other, 3)
    expect(other.locator("[data-conflict]")).to_be_hidden()
    assert EntityMention.objects.get(text="Baghdad").label == "ORG"
    assert EntityMention.objects.get(text="Baghdad").status == "accepted"
    assert Article.objects.get().version == 3
    other_context.close()
    assert problems == []


def test_offsets_with_emoji_astral_combining_and_rtl(page, sign_in, make_article):
    # q + combining dot above has no precomposed form, so it stays two code points after NFC.
    text = (
        "🎉 Party in 𝒜lbany! Q\u0307uiz owner José said: «مرحبا بالعالم» "
        "to 👩‍👩‍👧 families in Zürich."
    )
    article = make_article(text)
    Article.objects.filter(id=article.id).update(tagging_state="done")
    article.refresh_from_db()
    body = article.body
    sign_in(page, "annotator")
    open_workspace(page, article)
    assert page.locator("[data-ws-text]").text_content() == body
    cases = [
        ("𝒜lbany", "3"),
        ("Q\u0307uiz", "6"),
        ("مرحبا", "5"),
        ("Zürich", "3"),
    ]
    version = 1
    for word, key in cases:
        start = body.index(word)
        select_text(page, start + 1, start + 2)  # a click-drag inside the word snaps to all of it
        page.keyboard.press(key)
        version += 1
        saved(page, version)
        mention = EntityMention.objects.get(start=start)
        assert mention.text == word
        assert (mention.start, mention.end) == (start, start + len(word))
        expect(page.locator(f"[data-ws-text] mark[data-mention='{mention.id}']")).to_have_text(word)
    assert page.locator("[data-ws-text]").text_content() == body


def test_markup_in_the_text_is_shown_as_text(page, sign_in, make_article):
    article = make_article("Reporter <b>Bold</b> wrote <script>alert(1)</script> about Jane Doe.")
    body = Article.objects.get(id=article.id).body
    annotate(article, mentions=[("Jane Doe", "PERSON", "<img src=x onerror=alert(1)>")])
    sign_in(page, "annotator")
    open_workspace(page, article)
    assert page.locator("[data-ws-text]").text_content() == body
    expect(
        page.locator("[data-ws-text] script, [data-ws-text] b, [data-workspace] img")
    ).to_have_count(0)
    expect(page.locator("[data-entity-list] .name")).to_have_text("<img src=x onerror=alert(1)>")


def test_history_page_lists_every_action(page, sign_in, make_article):
    article = sample(make_article)
    sign_in(page, "annotator")
    open_workspace(page, article)
    page.keyboard.press("j")
    page.keyboard.press("a")
    saved(page, 2)
    page.get_by_role("link", name="History").click()
    expect(page.locator("[data-history] li")).to_have_count(1)
    expect(page.locator("[data-history]")).to_contain_text("annotator accepted ‘")
    assert AnnotationEvent.objects.get().after == {"status": "accepted"}
