""" "Sign out" is a button (a POST behind CSRF) that looks like the header's other links and
shows where the keyboard is."""

from playwright.sync_api import expect

from tests.browser.test_keyboard import focus_style, tab_to

LOOKS = """el => {
    const s = getComputedStyle(el);
    return {color: s.color, fontSize: s.fontSize, fontFamily: s.fontFamily,
            fontWeight: s.fontWeight, background: s.backgroundColor, border: s.borderTopWidth,
            padding: s.paddingTop};
}"""


def test_sign_out_looks_like_a_header_link_and_shows_focus(page, new_professional, sign_in):
    sign_in(page, new_professional())
    sign_out = page.get_by_role("button", name="Sign out")
    link = page.locator(".govuk-service-navigation__item a.govuk-service-navigation__link").first
    button_looks, link_looks = sign_out.evaluate(LOOKS), link.evaluate(LOOKS)
    assert button_looks == link_looks, (button_looks, link_looks)

    resting = focus_style(sign_out)
    tab_to(page, "The 'Sign out' button", "el.textContent.trim() === 'Sign out'")
    assert sign_out.evaluate("el => el.matches(':focus-visible')")
    focused = focus_style(sign_out)
    assert focused != resting and focused["boxShadow"] != "none", focused
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
