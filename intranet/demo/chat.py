"""A demo direct conversation between two colleagues of different municipalities."""

from messaging.services import send_message, start_direct
from people.models import Profile

# sender, client id (fixed, so a second run stores nothing new), text
MESSAGES = [
    (
        "aino.laine",
        "demo-seed-aino-kaisa-1",
        "Hei Kaisa! Ehtisitkö katsoa kouluruoan hankinnan aikataulua ennen ohjausryhmää?",
    ),
    (
        "kaisa.nieminen",
        "demo-seed-aino-kaisa-2",
        "Hei! Ehdin huomenna. Markkinavuoropuhelu kannattaa pitää tammikuussa, niin tarjouspyyntö ehtii maaliskuuksi.",
    ),
    ("aino.laine", "demo-seed-aino-kaisa-3", "Sopii. Kutsunko Mira Salon Kideltä mukaan?"),
    (
        "kaisa.nieminen",
        "demo-seed-aino-kaisa-4",
        "Kutsu kaikki kiinnostuneet toimittajat samalla ilmoituksella – tasapuolisuus ennen kaikkea. 🙂",
    ),
]
PAIR = ("aino.laine", "kaisa.nieminen")


def start_demo_conversation() -> int:
    """The number of messages stored by this run (0 when they were all there)."""
    users = {p.key: p.user for p in Profile.objects.select_related("user").filter(key__in=PAIR)}
    conversation = start_direct(users[PAIR[0]], users[PAIR[1]])
    created = 0
    for sender, client_id, body in MESSAGES:
        _message, new = send_message(users[sender], conversation.pk, client_id, body)
        created += new
    return created
