"""Phrase material for demo tickets: varied businesses, all four categories, every urgency."""

from __future__ import annotations

PRODUCTS = (
    "the mobile app",
    "the web dashboard",
    "the checkout page",
    "the customer portal",
    "the API",
    "the desktop client",
    "the reporting module",
    "the scheduling tool",
    "the inventory screen",
    "the booking page",
    "the Android app",
    "the iOS app",
    "the admin console",
    "the analytics page",
    "the shipping tracker",
    "the loyalty programme",
    "the team workspace",
    "the video player",
)
INTEGRATIONS = (
    "Slack",
    "Salesforce",
    "Shopify",
    "Stripe",
    "Zapier",
    "Google Calendar",
    "HubSpot",
    "QuickBooks",
    "Microsoft Teams",
    "Mailchimp",
    "Xero",
    "Jira",
    "Zendesk",
    "our SSO provider",
)
ERRORS = (
    "a 500 Internal Server Error",
    "a blank white screen",
    "'Something went wrong'",
    "a timeout",
    "error code E{code}",
    "a 502 Bad Gateway",
    "'Unexpected token in JSON'",
    "a spinning wheel forever",
    "'Permission denied'",
    "a crash on launch",
)
PLANS = ("Starter", "Team", "Business", "Enterprise", "Pro", "Basic")
# A long tail of rare words, so searches for a rare and for a common word both have answers.
RARE_WORDS = ("zeppelin", "quokka", "marzipan", "xylophone", "kumquat", "ocelot", "tamarind", "yodel")

BILLING = (
    (
        "Charged twice for my {plan} subscription",
        "I was billed twice this month for the {plan} plan, {amount} each time. Please refund the duplicate "
        "charge. The second charge shows on my card statement from {day}.",
    ),
    (
        "Refund not received yet",
        "You confirmed a refund of {amount} on {day} but it still has not arrived on my card. How long does "
        "this usually take?",
    ),
    (
        "Invoice shows the wrong company address",
        "Our latest invoice lists our old address. Could you update it and send a corrected invoice? Our "
        "accounts team needs it for the month-end close.",
    ),
    (
        "Cannot update payment method",
        "When I try to replace the expiring card on file I get {error}. Our subscription renews on {day} "
        "and I do not want the service to lapse.",
    ),
    (
        "Unexpected charge after cancelling",
        "I cancelled the {plan} plan on {day} but was still charged {amount} today. Please reverse this "
        "charge and confirm the cancellation.",
    ),
    (
        "Question about annual billing discount",
        "If we switch from monthly to annual billing on the {plan} plan, is the discount applied straight "
        "away or at the next renewal?",
    ),
    (
        "VAT missing from receipt",
        "The receipt for order {order} does not show VAT, so our finance team cannot reclaim it. Can you "
        "issue a proper VAT invoice?",
    ),
    (
        "Payment declined but money taken",
        "The checkout said my payment was declined, yet {amount} left my bank account. Nothing shows in my "
        "order history. Please help, this was for order {order}.",
    ),
)
TECHNICAL = (
    (
        "{product_title} crashes when uploading files",
        "Every time I upload a file larger than 10 MB {product} shows {error} and closes. This started "
        "after the update on {day}. Steps: open a project, click upload, choose a large PDF.",
    ),
    (
        "Sync with {integration} stopped working",
        "Since {day} nothing syncs from {integration} any more. The last successful sync was three days "
        "ago and the log shows {error}. We rely on this for daily reporting.",
    ),
    (
        "Everything is down for our whole team",
        "Nobody in our company can load {product}; all we get is {error}. This is blocking all of our "
        "users and we have customers waiting. Please treat as urgent.",
    ),
    (
        "Pages load very slowly",
        "{product_title} takes 20 to 30 seconds to load the list of orders. It used to be instant. "
        "Refreshing sometimes helps, so we can work around it for now.",
    ),
    (
        "Export to CSV produces empty file",
        "When I export the report from {product} the CSV only has headers and no rows, although the "
        "screen shows 240 results. Exporting to Excel still works as a workaround.",
    ),
    (
        "Webhook deliveries failing",
        "Our endpoint receives no webhooks since {day}. The delivery log shows {error} for every attempt. "
        "Our order pipeline depends on these events.",
    ),
    (
        "Data missing after last update",
        "After the update on {day} several records disappeared from {product}. We think this is data loss; "
        "roughly 300 entries from last week are gone.",
    ),
    (
        "Button misaligned on small screens",
        "On a phone the Save button in {product} overlaps the footer text. It still works, it just looks "
        "odd. Minor cosmetic issue.",
    ),
    (
        "API returns wrong totals",
        "GET requests to the orders endpoint return totals that do not match {product}. Some of our "
        "integrations with {integration} are reporting incorrect revenue.",
    ),
)
ACCOUNT = (
    (
        "Cannot log in after password reset",
        "I reset my password on {day} but the login page still says my credentials are wrong. I have tried "
        "two browsers. I need access to {product} for a client meeting.",
    ),
    (
        "Password reset email never arrives",
        "I requested a password reset link five times and no email came, not even in spam. My username is "
        "the same as my work email.",
    ),
    (
        "Please add a new team member",
        "We hired a new colleague and need to give them access to {product} with editor permissions on "
        "the {plan} workspace.",
    ),
    (
        "Two-factor code not accepted",
        "My authenticator codes are rejected with {error}. I changed phones last week and may have lost "
        "the old setup. How can I recover my account?",
    ),
    (
        "Change the email address on my profile",
        "I would like to change the email on my profile to my new work address. The old mailbox will be "
        "closed at the end of the month.",
    ),
    (
        "Account locked after failed attempts",
        "My account was locked after a few failed sign-ins and I cannot unlock it. Our whole support "
        "rota depends on me being able to log in today.",
    ),
    (
        "Suspicious login from another country",
        "I received an alert about a sign-in from a country I have never visited. I think my account may "
        "be compromised. Please lock it and help me secure it.",
    ),
    (
        "Remove access for a former employee",
        "A former employee still has admin access to {product}. Please remove their permissions "
        "immediately and tell us what they accessed since {day}.",
    ),
)
GENERAL = (
    (
        "Feature request: dark mode",
        "It would be great if {product} had a dark mode. Many of us work late and the bright screen is "
        "tiring. Not urgent, just an idea.",
    ),
    (
        "How do I export my data?",
        "Is there a way to export all my data from {product}? I could not find it in the settings and the "
        "help centre article seems out of date.",
    ),
    (
        "Do you offer a discount for non-profits?",
        "We are a small charity interested in the {plan} plan. Do you have a non-profit programme?",
    ),
    (
        "Feedback on the new design",
        "Just wanted to say the new layout of {product} is much clearer. One suggestion: make the search "
        "box a bit bigger.",
    ),
    (
        "Integration with {integration}?",
        "Do you plan to support {integration}? It would save us hours every week. Happy to beta test.",
    ),
    (
        "Where can I find the API documentation?",
        "Our developer wants to build a small integration. Where is the current API documentation and is "
        "there a sandbox account?",
    ),
    (
        "Question about data retention",
        "How long do you keep closed tickets and attachments, and can we set our own retention period for "
        "compliance reasons?",
    ),
    (
        "Request for a training session",
        "Could your team run a short training session for our new staff on {product}? Any day after "
        "{day} works for us.",
    ),
)

CATEGORY_TEMPLATES = {"billing": BILLING, "technical": TECHNICAL, "account": ACCOUNT, "general": GENERAL}
